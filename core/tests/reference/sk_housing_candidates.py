import pandas as pd, numpy as np
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.ensemble import RandomForestRegressor, HistGradientBoostingRegressor
from sklearn import metrics as M
tr = pd.read_csv("/tmp/hearth-housing/train.csv"); va = pd.read_csv("/tmp/hearth-housing/validation.csv"); te = pd.read_csv("/tmp/hearth-housing/test.csv")
tv = pd.concat([tr, va])
y, yv, yt, ytv = tr.pop("price"), va.pop("price"), te.pop("price"), tv.pop("price")
num = list(tr.select_dtypes(include="number").columns); cat = [c for c in tr if c not in num]
pre = ColumnTransformer([("n", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), num),
                         ("c", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder()), cat)])
def logt(m): return TransformedTargetRegressor(m, func=np.log1p, inverse_func=np.expm1)
for name, m in [("lin", LinearRegression()), ("ridge10", Ridge(10)), ("loglin", logt(LinearRegression())), ("logridge1", logt(Ridge(1))),("logridge10", logt(Ridge(10))), ("rf", RandomForestRegressor(random_state=0)), ("hgb", HistGradientBoostingRegressor())]:
    from sklearn.base import clone
    p = make_pipeline(clone(pre), clone(m)).fit(tr, y)
    q = make_pipeline(clone(pre), clone(m)).fit(tv, ytv)
    print(name, "val", round(M.r2_score(yv, p.predict(va)),4), "test(train)", round(M.r2_score(yt, p.predict(te)),4), "test(train+val)", round(M.r2_score(yt, q.predict(te)),4))
