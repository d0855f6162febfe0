"""Reference values for the DiD estimators, from independent implementations.

- csdid 0.4.3 (Python port of R `did` 2.5.0 by Callaway & Sant'Anna; its comments follow the R code line by
  line): ATT(g,t), analytic SEs (bstrap=False), aggregations simple/dynamic/group/calendar, Wald pre-test.
- pyfixest 0.60 (a port of R fixest, tested against it): TWFE with unit and time fixed effects, CRV1 by unit
  with fixest's default small-sample correction; OLS with iid, HC1 and CRV1 SEs.

Run from the project root with a Python that has `csdid` and `pyfixest`:
    python -m venv bench/.venv && bench/.venv/bin/pip install -r test/reference/requirements.txt
    bench/.venv/bin/python test/reference/did_reference.py
It writes test/reference/did.json, which the unit tests read.
"""

import contextlib
import io
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyfixest as pf
from csdid.att_gt import ATTgt

warnings.filterwarnings("ignore")
HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "did"


def f(x):
    x = np.asarray(x, dtype=float).reshape(-1)[0] if np.ndim(x) else float(x)
    return None if np.isnan(x) else float(x)


def cs(df, control, base, anticipation=0, clustervar=None, xformla=None):
    att = ATTgt(
        yname="lemp", gname="first.treat", idname="countyreal", tname="year", data=df,
        control_group=[control], anticipation=anticipation, cband=False, clustervar=clustervar,
        xformla=xformla,
    ).fit(est_method="dr", base_period=base, bstrap=False)
    r = att.results
    out = {
        "attgt": [
            {"group": int(g), "time": int(t), "att": f(a), "se": f(s)}
            for g, t, a, s in zip(r["group"], r["year"], r["att"], r["se"])
        ],
        "pretest": None if att.MP["W"] is None else {"W": f(att.MP["W"]), "p": f(att.MP["Wpval"])},
        "aggregate": {},
    }
    for typ in ["simple", "dynamic", "group", "calendar"]:
        with contextlib.redirect_stdout(io.StringIO()):  # csdid prints its summaries
            a = att.aggte(typec=typ, bstrap=False, cband=False).atte
        entry = {"att": f(a["overall_att"]), "se": f(a["overall_se"])}
        if typ != "simple":
            entry["by"] = [
                {"key": int(k), "att": f(v), "se": f(s)} for k, v, s in zip(a["egt"], a["att_egt"], a["se_egt"])
            ]
        out["aggregate"][typ] = entry
    return out


mpdta = pd.read_csv(FIXTURES / "mpdta.csv")
reference = {"source": "csdid 0.4.3 (port of R did 2.5.0), pyfixest 0.60 (port of fixest)", "mpdta": {}}
for control in ["nevertreated", "notyettreated"]:
    for base in ["varying", "universal"]:
        reference["mpdta"][f"{control}-{base}"] = cs(mpdta, control, base)
reference["mpdta"]["nevertreated-varying-anticipation1"] = cs(mpdta, "nevertreated", "varying", 1)
# clustered by state (county FIPS // 1000), analytic cluster-robust SEs
with_state = mpdta.assign(state=mpdta["countyreal"] // 1000)
reference["mpdta"]["nevertreated-varying-cluster-state"] = cs(with_state, "nevertreated", "varying", clustervar="state")
# with a covariate: the doubly robust ATT(g,t) (DRDID::drdid_panel), xformla = ~ lpop
reference["mpdta"]["nevertreated-varying-lpop"] = cs(mpdta, "nevertreated", "varying", xformla="~ lpop")
reference["mpdta"]["notyettreated-universal-lpop"] = cs(mpdta, "notyettreated", "universal", xformla="~ lpop")
# a covariate that changes over time (x = lpop + sin(county + year)): did takes it in the earlier period of each 2 x 2
with_x = mpdta.assign(x=mpdta["lpop"] + np.sin(mpdta["countyreal"] + mpdta["year"]))
reference["mpdta"]["nevertreated-varying-x"] = cs(with_x, "nevertreated", "varying", xformla="~ x")

# TWFE: lemp ~ D | county + year, clustered by county (fixest defaults)
mpdta["D"] = ((mpdta["first.treat"] > 0) & (mpdta["year"] >= mpdta["first.treat"])).astype(float)
fit = pf.feols("lemp ~ D | countyreal + year", data=mpdta, vcov={"CRV1": "countyreal"})
tidy = fit.tidy()
reference["twfe_mpdta"] = {
    "coef": float(tidy.loc["D", "Estimate"]), "se": float(tidy.loc["D", "Std. Error"]),
    "t": float(tidy.loc["D", "t value"]), "p": float(tidy.loc["D", "Pr(>|t|)"]), "n": int(fit._N),
}
# Unbalanced: drop every 7th row (by position) so alternating projections must iterate; with a covariate.
unbalanced = mpdta.iloc[[i for i in range(len(mpdta)) if i % 7 != 3]].copy()
fit = pf.feols("lemp ~ D + lpop | countyreal + year", data=unbalanced, vcov={"CRV1": "countyreal"})
tidy = fit.tidy()
reference["twfe_mpdta_unbalanced"] = {
    "rowsDropped": "every row whose position mod 7 == 3",
    "coef": float(tidy.loc["D", "Estimate"]), "se": float(tidy.loc["D", "Std. Error"]),
    "p": float(tidy.loc["D", "Pr(>|t|)"]), "n": int(fit._N),
}
# Clustered by state (county FIPS // 1000; counties nested in states)
mpdta["state"] = mpdta["countyreal"] // 1000
fit = pf.feols("lemp ~ D | countyreal + year", data=mpdta, vcov={"CRV1": "state"})
tidy = fit.tidy()
reference["twfe_mpdta_state"] = {
    "coef": float(tidy.loc["D", "Estimate"]), "se": float(tidy.loc["D", "Std. Error"]),
    "p": float(tidy.loc["D", "Pr(>|t|)"]), "clusters": int(mpdta["state"].nunique()),
}

# Clustered by year (5 clusters): the period effects, not the unit effects, are nested in the clusters
fit = pf.feols("lemp ~ D | countyreal + year", data=mpdta, vcov={"CRV1": "year"})
tidy = fit.tidy()
reference["twfe_mpdta_year"] = {"coef": float(tidy.loc["D", "Estimate"]), "se": float(tidy.loc["D", "Std. Error"]),
                                 "p": float(tidy.loc["D", "Pr(>|t|)"])}

# TWFE event study: lemp ~ i(rel, ref = c(-1, never)) | county + year, clustered by county
mpdta["rel"] = np.where(mpdta["first.treat"] > 0, mpdta["year"] - mpdta["first.treat"], -1000)
for e in sorted(mpdta["rel"].unique()):
    if e not in (-1, -1000):
        mpdta[f"rel_{int(e)}".replace("-", "m")] = (mpdta["rel"] == e).astype(float)
rel_terms = " + ".join(c for c in mpdta.columns if c.startswith("rel_"))
fit = pf.feols(f"lemp ~ {rel_terms} | countyreal + year", data=mpdta, vcov={"CRV1": "countyreal"})
tidy = fit.tidy()
reference["twfe_event_study_mpdta"] = [
    {"term": str(term), "coef": float(row["Estimate"]), "se": float(row["Std. Error"])} for term, row in tidy.iterrows()
]

# Card & Krueger: fte ~ nj + d + nj:d with iid, HC1, CRV1 by store
ck = pd.read_csv(FIXTURES / "card-krueger.csv").dropna(subset=["fte"])
ck_ref = {}
for name, v in [("iid", "iid"), ("hc1", "HC1"), ("cr1", {"CRV1": "id"})]:
    fit = pf.feols("fte ~ nj + d + nj:d", data=ck, vcov=v)
    tidy = fit.tidy()
    ck_ref[name] = float(tidy.loc["nj:d", "Std. Error"])
    ck_ref["coef"] = float(tidy.loc["nj:d", "Estimate"])
reference["card_krueger"] = ck_ref

# KIELMC with covariates, all three SEs (no unit id: HC1; CRV1 not defined)
kiel = pd.read_csv(FIXTURES / "kielmc.csv")
kiel_ref = {}
for label, formula in [
    ("rprice", "rprice ~ y81 + nearinc + y81nrinc"),
    ("rprice_age", "rprice ~ y81 + nearinc + y81nrinc + age + agesq"),
    ("lprice", "lprice ~ y81 + nearinc + y81nrinc"),
]:
    entry = {}
    for name, v in [("iid", "iid"), ("hc1", "HC1")]:
        fit = pf.feols(formula, data=kiel, vcov=v)
        tidy = fit.tidy()
        entry["coef"] = float(tidy.loc["y81nrinc", "Estimate"])
        entry[name] = float(tidy.loc["y81nrinc", "Std. Error"])
    kiel_ref[label] = entry
reference["kielmc"] = kiel_ref

(HERE / "did.json").write_text(json.dumps(reference, indent=1) + "\n")
print("wrote", HERE / "did.json")
