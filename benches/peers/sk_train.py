"""scikit-learn's side of `cargo xtask bench` training rows (one model per process, single-threaded).

    python sk_train.py MODEL TRAIN.csv TEST.csv TARGET

The same preprocessing as Hearth's default (numeric: median impute + standardise; text: most-frequent
impute + one-hot, unknown levels ignored), fitted on TRAIN; only `fit` and `predict` of MODEL are
timed. Prints `key value` lines like core/examples/bench_task.rs, plus `peak_rss_kb`.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import resource
import sys
import time

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

MODELS = {
    "linear": lambda: LinearRegression(),
    "ridge": lambda: Ridge(alpha=1.0),
    "forest100": lambda: RandomForestRegressor(n_estimators=100, n_jobs=1, random_state=0),
    "boosting": lambda: HistGradientBoostingRegressor(random_state=0),
}


def preprocessor(frame):
    numeric = list(frame.select_dtypes("number").columns)
    text = [c for c in frame.columns if c not in numeric]
    return ColumnTransformer(
        [
            ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric),
            ("cat", Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                              ("onehot", OneHotEncoder(handle_unknown="ignore"))]), text),
        ],
        sparse_threshold=0,
    )


def main(model, train_csv, test_csv, target):
    train, test = pd.read_csv(train_csv), pd.read_csv(test_csv)
    y, y_test = train.pop(target).to_numpy(), test.pop(target).to_numpy()
    pre = preprocessor(train)
    x, x_test = pre.fit_transform(train), pre.transform(test)
    estimator = MODELS[model]()
    start = time.perf_counter()
    estimator.fit(x, y)
    fit_s = time.perf_counter() - start
    start = time.perf_counter()
    predictions = estimator.predict(x_test)
    predict_s = time.perf_counter() - start
    print(f"fit_s {fit_s!r}")
    print(f"predict_s {predict_s!r}")
    print(f"r2 {r2_score(y_test, predictions)!r}")
    print(f"mae {mean_absolute_error(y_test, predictions)!r}")
    print(f"peak_rss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
