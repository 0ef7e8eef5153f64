import sys, pandas as pd, numpy as np
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.tree import DecisionTreeRegressor
from sklearn.ensemble import RandomForestRegressor, HistGradientBoostingRegressor
from sklearn.metrics import r2_score
import os
if "--export-diabetes" in sys.argv:
    # scikit-learn's bundled table, unscaled; the Rust test reads it from $HEARTH_DIABETES_CSV.
    from sklearn.datasets import load_diabetes
    os.makedirs("/tmp/hearth-gen", exist_ok=True)
    load_diabetes(as_frame=True, scaled=False).frame.to_csv("/tmp/hearth-gen/diabetes.csv", index=False)
    print("wrote /tmp/hearth-gen/diabetes.csv"); sys.exit(0)
tables = [("friedman","y"),("linear_missing","target"),("skewed","value"),("friedman20k","y"),("diabetes","target"),("wide_mixed","y"),("small_steps","y")]
for name, target in tables:
    if not os.path.exists(f"/tmp/hearth-gen/{name}-fit.csv"): print(name, "not exported, skipped"); continue
    fit = pd.read_csv(f"/tmp/hearth-gen/{name}-fit.csv"); te = pd.read_csv(f"/tmp/hearth-gen/{name}-test.csv")
    y, yt = fit.pop(target), te.pop(target)
    num = list(fit.select_dtypes(include="number").columns); cat = [c for c in fit if c not in num]
    pre = ColumnTransformer([("n", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), num),
                             ("c", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder()), cat)])
    res = {}
    for m in [LinearRegression(), Ridge(), DecisionTreeRegressor(random_state=0), RandomForestRegressor(random_state=0), HistGradientBoostingRegressor(random_state=0)]:
        if name == "friedman20k" and not isinstance(m, HistGradientBoostingRegressor): continue
        res[type(m).__name__] = round(r2_score(yt, make_pipeline(clone(pre), m).fit(fit, y).predict(te)), 4)
    print(name, res, "best", max(res.values()))
