"""The compiled engine's state: named columns of a few arrays, and its parameters.

Numba compiles functions over arrays and tuples, not over Python objects, so a
run's state is a handful of tables whose columns have names here
(``WF_WAGE`` is the wage column of the worker float table ``st.wf``). The
names are module constants, which Numba folds into the compiled code.

* ``wf``/``wi`` -- one row per person who ever entered the labour force
  (floats, integers); ``sk`` -- their vectors over skills (``SK_*``).
* ``rd``/``rids`` -- every company's roster, one block of rows per company
  (``RD_*`` columns, then three blocks of per-team columns).
* positions of the simulated companies (``pf``/``pi``), with a linked list of
  the vacant ones in the order they fell vacant.
* ``gf``/``gi`` -- micro-jobs in progress, each worker's in a linked list;
  ``ef``/``ei`` -- platform engagements in progress (free rows in a list).
* the event queue (``heap.py``), the records (``sp*``, ``gr*``, ``er*``, ``mv*``) and
  the run's counters (``ci``, ``cf``).

:class:`Params` holds every scalar of the scenario that the engine reads, by
group and field name (``market_offer_rate_per_year``); :class:`Firms` the
per-company settings and policy levers, as arrays indexed by company.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from microjob.engine.streams import STREAMS

# ---------------------------------------------------------------- worker floats
WF_BORN_AT = 0
WF_ENTERED_AT = 1
WF_RETIRES_AT = 2
WF_EXITED_AT = 3
WF_OPENNESS = 4
WF_HIRED_AT = 5
WF_AGE_AT_HIRE = 6
WF_WAGE = 7
WF_MARKET_VALUE = 8
WF_ROLE_FIT = 9
WF_GIG_FIT = 10
WF_GIG_FIT_THIS_YEAR = 11
WF_GROWTH = 12
WF_EMBEDDEDNESS = 13
WF_AMENITY = 14
WF_MATCH = 15
WF_MATCH_KNOWN = 16
WF_GIG_LOAD = 17
WF_OFFER_DUE = 18
WF_LAYOFF_DUE = 19
WF_REVEAL_DUE = 20
WF_WITHDRAW_DUE = 21
WF_REJECTED_UNTIL = 22
WF_TIMER_DUE = 23
WF_WINDOW_SKILL_SUM = 24
WF_WINDOW_SKILL_AT = 25
WF_WINDOW_WAGE = 26
WF_SKILLS_AT = 27
WF_REVIEWED_AT = 28
WF_CREDENTIAL = 29
"""Level of the worker's credential (0: none)."""
WF_FIRST_JOB_AT = 30
"""Start of the worker's first job (inf until they have one)."""
WF_FIELD_SKILL_AT_ENTRY = 31
"""Mean proficiency in the credential's field at entry (0 without a credential)."""
WF_PLATFORM_LOAD = 32
"""Share of a week the worker's platform engagements in progress take."""
WF_UTILISATION = 33
"""Share of the member's capacity their engagements in progress take now."""
WF_UTILISATION_SMOOTH = 34
"""Recent utilisation: an exponential average of it (``platform.recent_utilisation``),
as of ``WF_UTILISATION_AT``."""
WF_UTILISATION_AT = 35
WF_FREELANCE_SINCE = 36
"""When the member last changed status (the start of a stretch freelancing, if they are)."""
WF_FREELANCE_WEEKS = 37
"""Weeks of the measurement window the worker spent freelancing (a member without a job)."""
N_WF = 38

# -------------------------------------------------------------- worker integers
WI_MOVER = 0
WI_EMPLOYER = 1
WI_POSITION = 2
"""Position index within the company (-1 in the outside market)."""
WI_ROLE = 3
WI_ROSTER_POS = 4
"""Row of the worker in their company's roster block (-1 when not employed)."""
WI_TIES = 5
WI_JOBS_HELD = 6
WI_GIGS_DONE = 7
WI_TIMER_VERSION = 8
"""Bumped whenever the worker's timer is replaced: older queue entries are stale."""
WI_ACTIVE_POS = 9
WI_WINDOW_EMPLOYEE = 10
WI_GIG_PARTICIPANT = 11
WI_GIG_HEAD = 12
"""First of the worker's micro-jobs in progress (-1: none)."""
WI_GIG_COUNT = 13
WI_PART_COMPANY = 14
WI_PART_EPOCH = 15
"""The company and review epoch (plus one) in which the worker last counted as a
micro-job participant: each counts once per company and review year. (Counting
again after micro-jobs for another company in between would need two job changes
and the minimum tenure twice within one year.)"""
WI_FIELD = 16
"""Skill family of the worker's credential (-1: none)."""
WI_PLATFORM = 17
"""1 if the worker is a member of the open talent platform."""
WI_RATINGS = 18
"""Ratings on the worker's platform record."""
WI_ENGAGEMENTS = 19
"""Platform engagements in progress."""
WI_RATINGS_GOOD = 20
"""Good ratings on the worker's platform record."""
N_WI = 21

UNEMPLOYED = -1
RETIRED = -2
INACTIVE = -3

# ----------------------------------------------------------------- skill vectors
SK_PROFICIENCY = 0
SK_PEAK = 1
SK_RATE = 2
SK_TARGET = 3
SK_ENTRY = 4
SK_REVIEWED = 5
SK_INTEREST = 6
SK_WANTS = 7
N_SK = 8

# ---------------------------------------------------------------- roster columns
RD_HIRED_AT = 0
RD_LOAD = 1
RD_OPENNESS = 2
RD_ROLE = 3
RD_RELEASED = 4
"""1.0 if the member's manager releases time for micro-jobs, else 0.0."""
RD_TEAMS = 5
"""First per-team column: score, then ties, then apply, each ``max_teams`` wide."""

# -------------------------------------------------------------------- positions
PF_VACANT_SINCE = 0
PF_LAST_WAGE = 1
N_PF = 2
PI_ROLE = 0
PI_HOLDER = 1
PI_FILL_VERSION = 2
PI_FILL_PENDING = 3
PI_VACANT = 4
PI_PREV = 5
PI_NEXT = 6
PI_COMPANY = 7
N_PI = 8

# ---------------------------------------------------------- micro-jobs in progress
GF_START = 0
GF_EFFORT = 1
GF_SCORE = 2
N_GF = 3
GI_ID = 0
GI_COMPANY = 1
GI_TEAM = 2
GI_WORKER = 3
GI_VERSION = 4
GI_NEXT = 5
GI_TIMED = 6
N_GI = 7

# ------------------------------------------------------- platform engagements in progress
EF_START = 0
EF_END = 1
EF_EFFORT = 2
EF_FEE = 3
"""Gross fee per week of the engagement (its effort included), current currency."""
EF_FIT = 4
EF_SINCE = 5
"""Start of the freelancing stretch the engagement began in (NaN for a side project)."""
N_EF = 6
EI_ID = 0
EI_WORKER = 1
EI_CLIENT = 2
EI_ROLE = 3
EI_NEXT = 4
"""Next free row (rows are reused through a free list)."""
N_EI = 5

# ---------------------------------------------------------------------- records
# Spells: floats (start, end, age at hire), integers (worker, company, reason,
# censored, left-truncated).
SPELL_REASONS = ("quit", "withdraw", "layoff", "retire", "censored")
REASON_QUIT = 0
REASON_WITHDRAW = 1
REASON_LAYOFF = 2
REASON_RETIRE = 3
REASON_CENSORED = 4
N_SPF = 3
N_SPI = 5
# Micro-jobs: floats (start, end, effort, skill gained, bonus), integers (id,
# worker, company, completed).
N_GRF = 5
N_GRI = 4
# Engagements: floats (start, end, effort, gross fee per week, skill gained, start of
# the freelancing stretch, NaN for a side project), integers (id, worker, client, good
# rating, completed); fees in time-0 currency.
N_ERF = 6
N_ERI = 5
# Internal moves: float (time), integers (worker, company, from role, to role, via).
VIA_VACANCY = 0
VIA_REDEPLOYMENT = 1
N_MVI = 5

# ------------------------------------------------------- per-company window sums
# Window counts: the columns are the Python engine's WINDOW_COUNTS, in that order.
WC_QUITS = 0
WC_WITHDRAWALS = 1
WC_LAYOFFS = 2
WC_RETIRES = 3
WC_INTERNAL_MOVES = 4
WC_REDEPLOYMENTS = 5
WC_GIGS_POSTED = 6
WC_GIGS_FILLED = 7
WC_GIG_EFFORT = 8
WC_GIG_OUTPUT_COST = 9
WC_REPLACEMENT_COST = 10
WC_VACANCY_COST = 11
WC_VACANCY_WEEKS = 12
N_WC = 13
# Per-company tallies (floats): headcount integral and its last update, headcount,
# hires and separations.
CT_HEADCOUNT = 0
CT_HEADCOUNT_WEEKS = 1
CT_HEADCOUNT_AT = 2
CT_HIRES = 3
CT_SEPARATIONS = 4
CT_YEAR_PARTICIPANTS = 5
CT_REVIEW_EPOCH = 6
N_CT = 7

# ------------------------------------------------------------- run counters
CI_WORKERS = 0
CI_ACTIVE = 1
CI_EVENTS = 2
CI_SEQ = 3
CI_QUEUED = 4
CI_STALE = 5
CI_SPELLS = 6
CI_GIG_RECORDS = 7
CI_MOVES = 8
CI_NEXT_GIG_ID = 9
CI_FREE_GIG = 10
CI_TRAIT = 11
CI_TRAITS = 12
CI_LABOUR_FORCE = 13
CI_INACTIVE = 14
CI_GIG_SLOTS = 15
"""Slots of the micro-job table ever used (free ones are in a list from CI_FREE_GIG)."""
CI_MAX_WORKER_GIGS = 16
CI_LOGGED = 17
"""Rows of the event log (``st.evf``/``st.evi``) not yet shown to trackers."""
CI_LOG_LOST = 18
"""Events that found the log full (a bug if ever above zero)."""
CI_PENDING = 19
"""1 while a posting waits for a matcher written in Python (see ``marketplace``)."""
# The micro-job being posted: company, team, id, applicants found, required skills
# (the second -1 if none); then, among the floats, their levels, duration, effort.
CI_POST_COMPANY = 20
CI_POST_TEAM = 21
CI_POST_ID = 22
CI_POST_FOUND = 23
CI_POST_SKILL0 = 24
CI_POST_SKILL1 = 25
CI_PICK = 26
"""The applicant the Python matcher chose (an index into the applicants)."""
CI_ROSTER_MOST = 27
"""The largest any roster has been (a review queues a timer per member)."""
CI_ENGAGEMENT_SLOTS = 28
CI_FREE_ENGAGEMENT = 29
CI_ENGAGEMENT_RECORDS = 30
CI_NEXT_ENGAGEMENT_ID = 31
CI_PROJECTS = 32
"""Platform projects posted in the window."""
CI_PROJECTS_FILLED = 33
N_CI = 34
CF_NOW = 0
CF_LABOUR_FORCE_WEEKS = 1
CF_LABOUR_FORCE_AT = 2
CF_INACTIVE_WEEKS = 3
CF_INACTIVE_AT = 4
CF_ENTRY_RATE = 5
CF_POST_LEVEL0 = 6
CF_POST_LEVEL1 = 7
CF_POST_DURATION = 8
CF_POST_EFFORT = 9
N_CF = 10

# -------------------------------------------------------------------- event log
# One row per model event while trackers listen: floats (time, then up to five
# values), integers (kind, worker, company, then up to four values). What the
# values mean depends on the kind; ``microjob.kernel.run`` turns rows into
# ``SimEvent``s. The first four kinds are the spell reasons' codes.
EVENT_KINDS = (
    "quit",
    "withdraw",
    "layoff",
    "retire",
    "hire",
    "entry",
    "return",
    "match_revealed",
    "review",
    "vacancy",
    "internal_move",
    "redeploy",
    "gig_posted",
    "gig_unfilled",
    "gig_start",
    "gig_end",
    "engagement_start",
    "engagement_end",
)
(
    EV_QUIT,
    EV_WITHDRAW,
    EV_LAYOFF,
    EV_RETIRE,
    EV_HIRE,
    EV_ENTRY,
    EV_RETURN,
    EV_MATCH_REVEALED,
    EV_REVIEW,
    EV_VACANCY,
    EV_INTERNAL_MOVE,
    EV_REDEPLOY,
    EV_GIG_POSTED,
    EV_GIG_UNFILLED,
    EV_GIG_START,
    EV_GIG_END,
    EV_ENGAGEMENT_START,
    EV_ENGAGEMENT_END,
) = range(len(EVENT_KINDS))
N_EVF = 6
N_EVI = 7
LOG_MARGIN = 1024
"""Free log rows the engine keeps before each event (one event logs a handful)."""

# ---------------------------------------------------------------- random streams
# STREAMS (their names, in this order) are the Python engine's.
(
    R_POPULATION,
    R_PRICES,
    R_OFFERS,
    R_UNEMPLOYMENT,
    R_LAYOFFS,
    R_ENTRY,
    R_MATCH,
    R_HIRING,
    R_REVIEWS,
    R_GIGS,
    R_APPLICATIONS,
    R_MATCHING,
    R_ROLES,
    R_WITHDRAWAL,
    R_EXPERIENCE,
    R_MANAGERS,
    R_EDUCATION,
    R_PLATFORM,
) = range(len(STREAMS))

# ---------------------------------------------------------------------- matchers
MATCH_BEST_FIT = 0
MATCH_MOST_INTERESTED = 1
MATCH_RANDOM = 2
MATCH_PYTHON = 3
"""A matcher written in Python: the engine stops and the driver calls it."""


FIRMS_DTYPE = np.dtype(
    [
        ("wage_level", "f8"),
        ("hiring_delay_weeks", "f8"),
        ("internal_delay_weeks", "f8"),
        ("replacement_cost_share", "f8"),
        ("internal_fill_share", "f8"),
        ("internal_candidates_seen", "i8"),
        ("annual_raise_share", "f8"),
        ("market_matching_share", "f8"),
        ("gigs_per_employee_year", "f8"),
        ("time_share", "f8"),
        ("min_tenure_weeks", "f8"),
        ("bonus_share", "f8"),
        ("stretch_margin", "f8"),
        ("matcher", "i8"),
        ("manager_release_share", "f8"),
        ("redeployment", "i8"),
        ("redeployment_share", "f8"),
        ("redeployment_min_fit", "f8"),
        ("posts_gigs", "i8"),
        ("role_offset", "i8"),
        ("n_roles", "i8"),
        ("position_offset", "i8"),
        ("n_positions", "i8"),
        ("roster_offset", "i8"),
        ("roster_capacity", "i8"),
    ]
)
"""Per-company settings and policy levers, one record per company (the outside market
last): the company's own settings, its policy's levers (``matcher`` a ``MATCH_*``
code, switches as 0/1), and where its roles, positions and roster rows start in the
shared tables (``role_offset``: first global role index)."""


class Roles(NamedTuple):
    """What every role asks and teaches, one row per global role index."""

    share: np.ndarray
    """Time shares over skills (rows sum to 1)."""
    used: np.ndarray
    learn_rate: np.ndarray
    skills: np.ndarray
    """Skills each role works with, padded with -1."""
    n_skills: np.ndarray
    team_share: np.ndarray
    gig_spill: np.ndarray
    """Spillover of the team's micro-jobs over all skills (0: not moved)."""
    teach_score: np.ndarray
    """Interest score of each skill for the team's teachings (row per team)."""
    field_share: np.ndarray
    """Share of each role's work in each skill family (row per role)."""
