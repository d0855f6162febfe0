"""A panel with one clean group, one group whose members trended differently before joining, and a 3-member
group, plus never-treated enterprises; and csdid's estimates on the clean and the trending group's
sub-panels (members + never-treated controls), the reference for test/unit/did-credibility.test.ts.

csdid 0.4.3 is the Python port of R `did` 2.5.0 (Callaway & Sant'Anna); its estimates match R did on
mpdta (test/reference/did.json). Log outcome, never-treated controls, varying base period, no covariates,
analytic standard errors, did's Wald pre-test.

Run from the project root with a Python that has csdid (pinned: csdid==0.4.3, drdid==1.1.7,
numpy==2.4.6, pandas==3.1.1):
    python -m venv /tmp/venv && /tmp/venv/bin/pip install -r test/reference/requirements.txt
    /tmp/venv/bin/python test/reference/did_groups_reference.py
It writes test/fixtures/did/groups-panel.csv and test/reference/did-groups.json.
"""

import contextlib
import io
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from csdid.att_gt import ATTgt

warnings.filterwarnings("ignore")
HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "fixtures" / "did" / "groups-panel.csv"

# Seed 2: under parallel trends the clean group's pre-test p-value is uniform, and seeds 4 and 20261201
# happen to land in its 5 % tail (p = 0.001, 0.024); a test of the flags needs a draw outside it.
rng = np.random.default_rng(2)
YEARS = list(range(2006, 2017))
year_effect = {t: 0.02 * (t - 2006) + 0.05 * rng.normal() for t in YEARS}
units = []
for i in range(60):
    units.append(("never", 0, 0.0, 0.0))
for i in range(30):  # clean: parallel before joining, +8 % after
    units.append(("clean", 2011 if i < 15 else 2013, 0.08, 0.0))
for i in range(30):  # trending: grew 3 % a year faster than everyone else already before joining
    units.append(("trending", 2011 if i < 15 else 2013, 0.08, 0.03))
for i in range(3):  # tiny: three members
    units.append(("tiny", 2012, 0.08, 0.0))

rows = []
for k, (group, cohort, effect, slope) in enumerate(units):
    level = 0.3 * rng.normal()
    for t in YEARS:
        y = 1.0 + level + year_effect[t] + slope * (t - 2006) + 0.03 * rng.normal()
        if cohort and t >= cohort:
            y += effect
        rows.append({"unit": f"e{k + 1:03d}", "group": group, "year": t, "cohort": cohort, "value": round(float(np.exp(y)), 6)})
panel = pd.DataFrame(rows)
panel.to_csv(FIXTURE, index=False)


def cs(df):
    df = df.assign(y=np.log(df["value"]), id=df["unit"].str[1:].astype(int))
    att = ATTgt(yname="y", gname="cohort", idname="id", tname="year", data=df,
                control_group=["nevertreated"], anticipation=0, cband=False).fit(
        est_method="dr", base_period="varying", bstrap=False)
    with contextlib.redirect_stdout(io.StringIO()):  # csdid prints its summaries
        simple = att.aggte(typec="simple", bstrap=False, cband=False).atte
    return {
        "att": float(simple["overall_att"]),
        "se": float(simple["overall_se"]),
        "pretest": None if att.MP["W"] is None else {"W": float(att.MP["W"]), "p": float(att.MP["Wpval"])},
    }


panel = pd.read_csv(FIXTURE)  # as the test reads it (rounded values)
reference = {
    "source": "csdid 0.4.3 (Python port of R did 2.5.0), never-treated controls, log(value), varying base period",
    "clean": cs(panel[panel["group"].isin(["clean", "never"])]),
    "trending": cs(panel[panel["group"].isin(["trending", "never"])]),
}
(HERE / "did-groups.json").write_text(json.dumps(reference, indent=1) + "\n")
print(json.dumps(reference, indent=1))
