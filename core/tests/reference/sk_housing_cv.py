# CV-only exploration of candidate families and greedy blends on the housing train + validation
# rows (export with HEARTH_EXPORT_DIR=/tmp/hearth-housing, see train_housing.rs); test.csv is never read.
# scikit-learn 1.9.1, OMP_NUM_THREADS=1.

import pandas as pd, numpy as np, sys
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.ensemble import RandomForestRegressor, HistGradientBoostingRegressor, ExtraTreesRegressor
from sklearn.neighbors import KNeighborsRegressor
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.metrics import r2_score
tv = pd.concat([pd.read_csv("/tmp/hearth-housing/train.csv"), pd.read_csv("/tmp/hearth-housing/validation.csv")])
y = tv.pop("price").values
num = list(tv.select_dtypes(include="number").columns); cat = [c for c in tv if c not in num]
pre = ColumnTransformer([("n", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), num),
                         ("c", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder()), cat)])
def logt(m): return TransformedTargetRegressor(m, func=np.log1p, inverse_func=np.expm1)
from sklearn.base import clone
cands = {
 "ridge10": Ridge(10), "loglin": logt(LinearRegression()), "logridge10": logt(Ridge(10)),
 "rf": RandomForestRegressor(random_state=0), "rf_leaf5": RandomForestRegressor(min_samples_leaf=5, random_state=0),
 "rf_maxf": RandomForestRegressor(max_features=0.33, random_state=0),
 "hgb": HistGradientBoostingRegressor(),
 "hgb_small": HistGradientBoostingRegressor(learning_rate=0.05, max_leaf_nodes=8, min_samples_leaf=10, max_iter=200),
 "hgb_small2": HistGradientBoostingRegressor(learning_rate=0.03, max_leaf_nodes=4, min_samples_leaf=10, max_iter=300),
 "loghgb_small2": logt(HistGradientBoostingRegressor(learning_rate=0.03, max_leaf_nodes=4, min_samples_leaf=10, max_iter=300)),
 "hgb_stumps": HistGradientBoostingRegressor(learning_rate=0.05, max_leaf_nodes=2, min_samples_leaf=10, max_iter=500),
 "knn5": KNeighborsRegressor(5), "knn10": KNeighborsRegressor(10), "knn20": KNeighborsRegressor(20),
}
for seed in [42, 1]:
    kf = KFold(5, shuffle=True, random_state=seed)
    for n, m in cands.items():
        sc = [r2_score(y[v], make_pipeline(clone(pre), clone(m)).fit(tv.iloc[t], y[t]).predict(tv.iloc[v])) for t, v in kf.split(tv)]
        print(seed, n, round(np.mean(sc), 4))
from sklearn.linear_model import LinearRegression
cands.update({"lin": LinearRegression(), "logridge1": logt(Ridge(1)), "loghgb": logt(HistGradientBoostingRegressor()),
  "logknn10": logt(KNeighborsRegressor(10)), "logrf_maxf": logt(RandomForestRegressor(max_features=0.33, random_state=0))})
def greedy(P, y, rounds=20):
    names=list(P); cnt={n:0 for n in names}; s=np.zeros(len(y)); cur=np.inf
    for k in range(1,rounds+1):
        e={n:((y-(s+P[n])/k)**2).sum() for n in names}; b=min(names,key=lambda n:e[n])
        if e[b]>=cur: break
        cnt[b]+=1; cur=e[b]; s+=P[b]
    tot=sum(cnt.values()); return {n:c/tot for n,c in cnt.items() if c}
for seed in [42,1,7]:
    kf = KFold(5, shuffle=True, random_state=seed); folds=list(kf.split(tv))
    P={}
    for n,m in cands.items():
        p=np.zeros(len(y))
        for t,v in folds: p[v]=make_pipeline(clone(pre), clone(m)).fit(tv.iloc[t], y[t]).predict(tv.iloc[v])
        P[n]=p
    def sc(p): return np.mean([r2_score(y[v],p[v]) for t,v in folds])
    sets={"current":["lin","ridge10","hgb","rf","loglin","logridge1","loghgb"],
          "plus":["lin","ridge10","hgb","rf","loglin","logridge1","loghgb","knn10","hgb_small2","loghgb_small2","rf_maxf","hgb_stumps"],
          "plus_log":["lin","ridge10","hgb","rf","loglin","logridge1","loghgb","knn10","hgb_small2","loghgb_small2","rf_maxf","hgb_stumps","logknn10","logrf_maxf"]}
    for sn,names in sets.items():
        w=greedy({n:P[n] for n in names},y); p=sum(w[n]*P[n] for n in w)
        print(seed, sn, round(sc(p),4), {n:round(x,2) for n,x in w.items()})
