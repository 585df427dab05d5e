"""LensKit's side of bench/als-vs-spark (--with-lenskit): explicit ALS (BiasedMF) on train.csv.

LensKit's explicit ALS is a *biased* MF (global mean + user and item biases + factors), with
its own regularisation (not scaled per row as ALS-WR), so its RMSE is a peer's figure, not a
fidelity check; only its timing is directly comparable. Not installed by the bench (PyTorch,
~5 GB): `bench/.venv/bin/pip install lenskit` first. Written against LensKit 2025.x
(`lenskit.als.BiasedMFScorer`) with a fallback to the 0.x API (`lenskit.algorithms.als.BiasedMF`);
neither could be run where this bench was written, so treat a failure here as "API moved".

Prints one JSON object like bench/spark_fit.py.
"""

import argparse
import json
import math
import time

STARTED = time.perf_counter()


def read(path):
    import pandas as pd
    return pd.read_csv(path, dtype={"userId": "int32", "movieId": "int32", "rating": "float32"})


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--train", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--rank", type=int, default=10)
    p.add_argument("--iterations", type=int, default=10)
    p.add_argument("--reg-param", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()

    import numpy as np
    t = time.perf_counter()
    train, test = read(args.train), read(args.test)
    read_seconds = time.perf_counter() - t
    session_seconds = read_seconds  # no session: imports are part of the process time

    try:
        from lenskit.als import BiasedMFScorer
        from lenskit.data import from_interactions_df, ItemList
        data = from_interactions_df(train, user_col="userId", item_col="movieId", rating_col="rating")
        scorer = BiasedMFScorer(embedding_size=args.rank, epochs=args.iterations, regularization=args.reg_param)
        t = time.perf_counter()
        scorer.train(data)
        fit_seconds = time.perf_counter() - t
        errors = []
        for user, rows in test.groupby("userId"):
            scored = scorer(query=user, items=ItemList(item_ids=rows["movieId"].to_numpy()))
            preds = scored.scores()
            for truth, pred in zip(rows["rating"].to_numpy(), preds):
                if pred is not None and not math.isnan(pred):
                    errors.append(float(truth) - float(pred))
    except ImportError:
        from lenskit.algorithms.als import BiasedMF
        algo = BiasedMF(args.rank, iterations=args.iterations, reg=args.reg_param, rng_spec=args.seed)
        frame = train.rename(columns={"userId": "user", "movieId": "item"})
        t = time.perf_counter()
        algo.fit(frame)
        fit_seconds = time.perf_counter() - t
        errors = []
        for user, rows in test.groupby("userId"):
            preds = algo.predict_for_user(user, rows["movieId"].to_numpy())
            for truth, item in zip(rows["rating"].to_numpy(), rows["movieId"].to_numpy()):
                pred = preds.get(item, float("nan"))
                if not math.isnan(pred):
                    errors.append(float(truth) - float(pred))

    e = np.asarray(errors)
    print(json.dumps({
        "engine": "lenskit", "rank": args.rank, "iterations": args.iterations, "reg_param": args.reg_param,
        "train_ratings": len(train), "test_ratings": len(test), "test_scored": len(e), "test_cold": len(test) - len(e),
        "session_seconds": session_seconds, "read_seconds": read_seconds, "fit_seconds": fit_seconds,
        "test_rmse": float(np.sqrt(np.mean(e * e))) if len(e) else None,
        "test_mae": float(np.mean(np.abs(e))) if len(e) else None,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
