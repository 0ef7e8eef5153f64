import pandas as pd, numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.ensemble import RandomForestRegressor, HistGradientBoostingRegressor
from sklearn import metrics as M
tr = pd.read_csv("/tmp/hearth-housing/train.csv"); te = pd.read_csv("/tmp/hearth-housing/test.csv")
y, yt = tr.pop("price"), te.pop("price")
num = list(tr.select_dtypes(include="number").columns); cat = [c for c in tr if c not in num]
pre = ColumnTransformer([("n", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), num),
                         ("c", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder()), cat)])
for m in [LinearRegression(), Ridge(alpha=1.0), RandomForestRegressor(random_state=0), HistGradientBoostingRegressor()]:
    p = make_pipeline(pre, m).fit(tr, y).predict(te)
    print(type(m).__name__, repr(p[:8].tolist()), repr(M.mean_absolute_error(yt, p)), repr(M.mean_squared_error(yt, p)),
          repr(M.r2_score(yt, p)), repr(M.mean_absolute_percentage_error(yt, p)), repr(M.max_error(yt, p)))
