"""Spark's side of bench/als-vs-spark: fit pyspark ALS on a train CSV, score a test CSV.

Run with the bench virtualenv's Python:

    bench/.venv/bin/python bench/spark_fit.py --train train.csv --test test.csv \
        --rank 10 --max-iter 10 --reg-param 0.1 --nonnegative true --master 'local[2]'

Prints one JSON object: session_seconds (JVM + SparkSession start), read_seconds (CSV read
and cached), fit_seconds (ALS.fit), test_rmse (coldStartStrategy "drop", predictions not
clipped), and counts. The training DataFrame is cached and counted before the fit, so the fit
time is the algorithm's, not the CSV parser's (recsite's fit time likewise excludes reading).
"""

import argparse
import json
import time

STARTED = time.perf_counter()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--train", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--rank", type=int, default=10)
    p.add_argument("--max-iter", type=int, default=10)
    p.add_argument("--reg-param", type=float, default=0.1)
    p.add_argument("--nonnegative", choices=["true", "false"], default="true")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--master", default="local[2]")
    p.add_argument("--driver-memory", default="4g")
    args = p.parse_args()

    from pyspark.sql import SparkSession
    from pyspark.sql.types import FloatType, IntegerType, StructField, StructType
    from pyspark.ml.evaluation import RegressionEvaluator
    from pyspark.ml.recommendation import ALS

    spark = (SparkSession.builder.master(args.master).appName("als-vs-spark")
             .config("spark.driver.memory", args.driver_memory)
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    session_seconds = time.perf_counter() - STARTED

    schema = StructType([
        StructField("userId", IntegerType(), False),
        StructField("movieId", IntegerType(), False),
        StructField("rating", FloatType(), False),
    ])
    t = time.perf_counter()
    train = spark.read.csv(args.train, header=True, schema=schema).cache()
    test = spark.read.csv(args.test, header=True, schema=schema).cache()
    train_count, test_count = train.count(), test.count()
    read_seconds = time.perf_counter() - t

    als = ALS(rank=args.rank, maxIter=args.max_iter, regParam=args.reg_param,
              nonnegative=args.nonnegative == "true", implicitPrefs=False, seed=args.seed,
              userCol="userId", itemCol="movieId", ratingCol="rating", coldStartStrategy="drop")
    t = time.perf_counter()
    model = als.fit(train)
    fit_seconds = time.perf_counter() - t

    predictions = model.transform(test).cache()
    scored = predictions.count()
    evaluator = RegressionEvaluator(metricName="rmse", labelCol="rating", predictionCol="prediction")
    rmse = evaluator.evaluate(predictions)
    mae = RegressionEvaluator(metricName="mae", labelCol="rating", predictionCol="prediction").evaluate(predictions)
    spark.stop()
    print(json.dumps({
        "engine": "spark", "master": args.master, "rank": args.rank, "iterations": args.max_iter,
        "reg_param": args.reg_param, "nonnegative": args.nonnegative == "true",
        "train_ratings": train_count, "test_ratings": test_count, "test_scored": scored,
        "test_cold": test_count - scored, "session_seconds": session_seconds,
        "read_seconds": read_seconds, "fit_seconds": fit_seconds, "test_rmse": rmse, "test_mae": mae,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
