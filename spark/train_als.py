#!/usr/bin/env python3
"""Train explicit ALS on Spark and write the factors as CSV: recsite's `--engine spark` job.

Run by recsite (SparkALSEngine) as

    spark-submit --master MASTER spark/train_als.py --ratings ratings.csv --out DIR \
        --rank 10 --max-iter 10 --reg-param 0.1 --nonnegative true --seed 42

`ratings.csv` has a header `userId,movieId,rating`. The job writes, into DIR,
`user_factors.csv` and `item_factors.csv`: one row per id, `id,f1,...,fk`, no header, rows
sorted by id, floats printed exactly (Python's shortest repr of Spark's float32 values).

With a local master Spark reads the file itself. `--distribute-from-driver` (recsite passes
it for any other master) reads the file on the driver and parallelises the rows instead, so
a cluster's executors need no access to the driver's temporary folder.

Progress lines start with "train_als: " so recsite can show them.
"""

import argparse
import csv
import os
import sys
import time


def log(message):
    print(f"train_als: {message}", file=sys.stderr, flush=True)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ratings", required=True, help="CSV with header userId,movieId,rating")
    p.add_argument("--out", required=True, help="folder for user_factors.csv and item_factors.csv")
    p.add_argument("--rank", type=int, default=10)
    p.add_argument("--max-iter", type=int, default=10)
    p.add_argument("--reg-param", type=float, default=0.1)
    p.add_argument("--nonnegative", choices=["true", "false"], default="true")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--distribute-from-driver", action="store_true",
                   help="read the ratings on the driver and parallelise them (for cluster masters)")
    return p.parse_args(argv)


def read_ratings_on_driver(path):
    with open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows, None)
        for user, movie, rating in rows:
            yield (int(user), int(movie), float(rating))


def write_factors(frame, path):
    """Writes id,f1..fk rows sorted by id, streaming from the executors."""
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        for row in frame.orderBy("id").toLocalIterator():
            f.write(str(row["id"]))
            for v in row["features"]:
                f.write(",")
                f.write(repr(float(v)))
            f.write("\n")
    os.replace(tmp, path)


def main(argv):
    args = parse_args(argv)
    from pyspark.sql import SparkSession
    from pyspark.sql.types import FloatType, IntegerType, StructField, StructType
    from pyspark.ml.recommendation import ALS

    spark = SparkSession.builder.appName("recsite-train-als").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    schema = StructType([
        StructField("userId", IntegerType(), False),
        StructField("movieId", IntegerType(), False),
        StructField("rating", FloatType(), False),
    ])
    if args.distribute_from_driver:
        ratings = spark.createDataFrame(read_ratings_on_driver(args.ratings), schema)
    else:
        ratings = spark.read.csv("file://" + os.path.abspath(args.ratings), header=True, schema=schema)
    ratings = ratings.cache()
    count = ratings.count()
    log(f"{count} ratings on {spark.sparkContext.master}")

    als = ALS(
        rank=args.rank, maxIter=args.max_iter, regParam=args.reg_param,
        nonnegative=args.nonnegative == "true", implicitPrefs=False, seed=args.seed,
        userCol="userId", itemCol="movieId", ratingCol="rating", coldStartStrategy="nan",
    )
    started = time.perf_counter()
    model = als.fit(ratings)
    # fit() is lazy about the factors; materialise them inside the timed section.
    users, items = model.userFactors.cache(), model.itemFactors.cache()
    users.count(), items.count()
    log(f"fit in {time.perf_counter() - started:.2f} s")

    os.makedirs(args.out, exist_ok=True)
    write_factors(users, os.path.join(args.out, "user_factors.csv"))
    write_factors(items, os.path.join(args.out, "item_factors.csv"))
    log(f"wrote {users.count()} user and {items.count()} item factors")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
