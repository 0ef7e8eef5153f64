"""The peer model `mlflow models serve` serves in `cargo xtask bench`: a scikit-learn pipeline with
Hearth's default preprocessing (median impute + standardise numeric, one-hot text) and Ridge, fitted
on the same generated rows the worker's demo bundle was trained on, saved with its signature.

    python mlflow_model.py TRAIN.csv TARGET OUT_DIR
"""
import shutil
import sys

import mlflow.sklearn
import pandas as pd
from mlflow.models import infer_signature
from sklearn.linear_model import Ridge
from sklearn.pipeline import Pipeline

from sk_train import preprocessor


def main(train_csv, target, out):
    frame = pd.read_csv(train_csv)
    y = frame.pop(target)
    model = Pipeline([("pre", preprocessor(frame)), ("ridge", Ridge(alpha=1.0))]).fit(frame, y)
    shutil.rmtree(out, ignore_errors=True)
    # MLflow 3.17 stores scikit-learn models with skops, which asks to trust the numpy dtype the
    # one-hot encoder keeps.
    mlflow.sklearn.save_model(
        model, out, signature=infer_signature(frame, model.predict(frame)), skops_trusted_types=["numpy.dtype"]
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
