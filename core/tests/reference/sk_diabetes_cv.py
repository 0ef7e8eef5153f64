# 3 x 5-fold CV of scikit-learn defaults on the diabetes fit rows only (exported by train_generality.rs
# with HEARTH_EXPORT_DIR=/tmp/hearth-gen); scikit-learn 1.9.1, OMP_NUM_THREADS=1.
import pandas as pd, numpy as np
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.ensemble import RandomForestRegressor, HistGradientBoostingRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import KFold, cross_val_score
f = pd.read_csv("/tmp/hearth-gen/diabetes-fit.csv"); y = f.pop("target")
for m in [LinearRegression(), Ridge(), Ridge(10), RandomForestRegressor(random_state=0), HistGradientBoostingRegressor(random_state=0)]:
    s = [cross_val_score(make_pipeline(StandardScaler(), m), f, y, cv=KFold(5, shuffle=True, random_state=r), scoring="r2").mean() for r in range(3)]
    print(type(m).__name__, getattr(m, "alpha", ""), round(np.mean(s), 4))
