#!/usr/bin/env python3
"""Blind labelled patient population generator (population-2).

Standard library only; deterministic per --seed.  See README.md for the model and sources.
"""
import argparse, csv, datetime as dt, os, random, sys, time
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.environ.get('PP_SAMPLE', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'linkage', 'pseudopeople-sample'))
HEADER = ['source', 'source_id', 'given_name', 'middle_name', 'family_name', 'suffix', 'birth_date',
          'sex', 'ssn', 'phone', 'email', 'address_line', 'city', 'state', 'postal_code',
          'mothers_maiden_name', 'multiple_birth', 'other_identifiers', 'entity_id', 'household_id', 'tags']
TODAY = dt.date(2025, 1, 1)
WIN_START, WIN_END = dt.date(2015, 1, 1), dt.date(2024, 12, 31)
RANDOMISATION = dt.date(2011, 6, 25)

# ---------------------------------------------------------------- rates (see README for sources)
TWIN_BIRTH_RATE = 0.0312            # NCHS NVSR 73(2): 31.2 twins per 1,000 births
TRIPLET_BIRTH_RATE = 0.000738       # NCHS Data Brief 512: 73.8 per 100,000 births
P_TWIN_DELIVERY = TWIN_BIRTH_RATE / 2 / (1 - TWIN_BIRTH_RATE / 2)    # deliveries producing twins
P_TRIPLET_DELIVERY = TRIPLET_BIRTH_RATE / 3
P_MZ = 0.22                          # Rhea et al. (Colorado 2006-08)
P_DZ_SAME_SEX = 0.574                # Kanazawa, Segal & de Meza 2018
TWIN_NAME_SIMILAR = {'MZ': 0.90, 'DZ': 0.75}   # Plank 1964 via Deluzain
TWIN_SAME_INITIAL_SHARE = 62 / 79              # of similar: same initial, rest sound/rhyme
P_JUNIOR = 0.03                      # Illinois ~3% of newborn boys "Jr." (Chicago Tribune 1994)
P_NAMESAKE_DAUGHTER = 0.005          # assumption: no published rate
WIFE_NAME = [('took', 0.79), ('kept', 0.14), ('hyphen', 0.05), ('other', 0.02)]   # Pew 2023
P_HUSBAND_TOOK = 0.05                # Pew 2023: 5% of men took wife's name
MOVER_RATE = 0.093                   # CPS ASEC 2020 one-year mover rate
WIRELESS_ONLY = 0.68                 # NHIS 2021 adults in wireless-only households
CELL_OWNERSHIP = 0.98                # Pew 2024-25
P_NO_SSN = 0.03                      # assumption (people never issued one)
P_NEWBORN_PLACEHOLDER = 0.80         # Adelman 2015: >80% of NICUs used Babyboy/Babygirl
SOURCES_PER_PERSON = [(1, 0.35), (2, 0.35), (3, 0.20), (4, 0.10)]  # assumption

NOISE = {  # per (column, noise type) cell probability; pseudopeople default 0.01
    'normal': dict(cell=0.01, token=0.10, dup=0.08, mrn_reuse=0.004, parent_ssn=0.02, placeholder_ssn=0.003),
    'high': dict(cell=0.05, token=0.15, dup=0.12, mrn_reuse=0.012, parent_ssn=0.05, placeholder_ssn=0.01),
}
# dup: AHIMA average MPI duplicate rate 8-12% (Gates 2019); Black Book 18%.

SOURCES = {
    # name: capture probabilities / formatting
    'hospital': dict(ssn=0.55, phone=0.95, email=0.45, middle=(0.65, 0.25), suffix=0.7, upper=True,
                     trunc=None, mmn=0.35, mb=0.9, phonefmt='digits'),
    'clinic': dict(ssn=0.45, phone=0.97, email=0.60, middle=(0.5, 0.3), suffix=0.5, upper=False,
                   trunc=None, mmn=0.05, mb=0.3, phonefmt='paren'),
    'lab': dict(ssn=0.20, phone=0.60, email=0.05, middle=(0.0, 0.6), suffix=0.2, upper=True,
                trunc=(10, 15), mmn=0.0, mb=0.0, phonefmt='digits'),
    'payer': dict(ssn=0.85, phone=0.70, email=0.30, middle=(0.2, 0.6), suffix=0.6, upper=True,
                  trunc=None, mmn=0.0, mb=0.0, phonefmt='digits'),
    'pharmacy': dict(ssn=0.05, phone=0.95, email=0.25, middle=(0.0, 0.3), suffix=0.1, upper=True,
                     trunc=(12, 15), mmn=0.0, mb=0.0, phonefmt='dash'),
    'immunization': dict(ssn=0.10, phone=0.80, email=0.20, middle=(0.6, 0.2), suffix=0.5, upper=False,
                         trunc=None, mmn=0.6, mb=0.9, phonefmt='digits'),
}
SRC_WEIGHT_CHILD = {'hospital': 3, 'clinic': 4, 'lab': 1, 'payer': 3, 'pharmacy': 1, 'immunization': 6}
SRC_WEIGHT_ADULT = {'hospital': 3, 'clinic': 4, 'lab': 3, 'payer': 4, 'pharmacy': 3, 'immunization': 0.5}

CITIES = [('Seattle', '981', '206'), ('Tacoma', '984', '253'), ('Everett', '982', '425'),
          ('Bellevue', '980', '425'), ('Olympia', '985', '360'), ('Spokane', '992', '509'),
          ('Yakima', '989', '509'), ('Vancouver', '986', '360'), ('Kent', '980', '253'),
          ('Renton', '980', '425'), ('Bellingham', '982', '360'), ('Kennewick', '993', '509')]
OUT_OF_STATE = [('Portland', 'OR', '972', '503'), ('Boise', 'ID', '837', '208'), ('Salem', 'OR', '973', '503')]
STATES = ['AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS',
          'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC',
          'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY']
EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com', 'comcast.net']
FAKE_FIRST = ['Baby', 'Boy', 'Girl', 'Mom', 'Hijo', 'Hija', 'Unknown', 'Test', 'Patient', 'Infant', 'Mr', 'Mrs',
              'Na', 'None', 'Child', 'Son', 'Daughter', 'Jane', 'John', 'X']
FAKE_LAST = ['Unknown', 'Doe', 'Refuse', 'Refused', 'None', 'Na', 'Test', 'Patient', 'Anonymous', 'Xxx', 'Blank']
NICK = {
    'william': ['bill', 'will', 'billy', 'willie'], 'robert': ['bob', 'rob', 'bobby', 'robbie'],
    'richard': ['rick', 'dick', 'rich', 'ricky'], 'james': ['jim', 'jimmy', 'jamie'], 'john': ['jack', 'johnny'],
    'michael': ['mike', 'mikey', 'mick'], 'joseph': ['joe', 'joey'], 'thomas': ['tom', 'tommy'],
    'charles': ['charlie', 'chuck'], 'christopher': ['chris', 'kit'], 'daniel': ['dan', 'danny'],
    'matthew': ['matt'], 'anthony': ['tony'], 'donald': ['don', 'donnie'], 'steven': ['steve'],
    'stephen': ['steve'], 'edward': ['ed', 'eddie', 'ted', 'ned'], 'kenneth': ['ken', 'kenny'],
    'joshua': ['josh'], 'timothy': ['tim', 'timmy'], 'ronald': ['ron', 'ronnie'], 'gregory': ['greg'],
    'benjamin': ['ben', 'benny'], 'samuel': ['sam', 'sammy'], 'patrick': ['pat', 'patty'],
    'alexander': ['alex', 'al', 'xander'], 'nicholas': ['nick', 'nicky'], 'jonathan': ['jon'],
    'andrew': ['andy', 'drew'], 'jeffrey': ['jeff'], 'lawrence': ['larry'], 'raymond': ['ray'],
    'gerald': ['jerry'], 'douglas': ['doug'], 'peter': ['pete'], 'frederick': ['fred', 'freddy'],
    'elizabeth': ['liz', 'beth', 'betty', 'lizzie', 'eliza'], 'margaret': ['peggy', 'maggie', 'meg', 'marge'],
    'jennifer': ['jen', 'jenny'], 'patricia': ['pat', 'patty', 'trish'], 'katherine': ['kate', 'kathy', 'katie'],
    'catherine': ['cathy', 'kate', 'cat'], 'kathleen': ['kathy', 'kate'], 'susan': ['sue', 'susie'],
    'deborah': ['deb', 'debbie'], 'barbara': ['barb', 'babs'], 'jessica': ['jess', 'jessie'],
    'rebecca': ['becky', 'becca'], 'christine': ['chris', 'tina'], 'christina': ['chris', 'tina'],
    'samantha': ['sam', 'sammy'], 'victoria': ['vicky', 'tori'], 'alexandra': ['alex', 'lexi'],
    'abigail': ['abby'], 'pamela': ['pam'], 'kimberly': ['kim'], 'cynthia': ['cindy'], 'dorothy': ['dot', 'dottie'],
    'judith': ['judy'], 'theresa': ['terri', 'tess'], 'melissa': ['missy', 'mel'], 'amanda': ['mandy'],
    'stephanie': ['steph'], 'nancy': ['nan'], 'virginia': ['ginny'], 'evelyn': ['evie'], 'frances': ['fran'],
    'alice': ['allie'], 'emily': ['em', 'emmy'], 'madison': ['maddie'], 'olivia': ['liv', 'livvy'],
    'isabella': ['bella', 'izzy'], 'sophia': ['sophie'], 'natalie': ['nat'], 'zachary': ['zach'],
    'jacob': ['jake'], 'nathan': ['nate'], 'nathaniel': ['nate', 'nat'], 'joshua ': ['josh'],
    'theodore': ['ted', 'teddy', 'theo'], 'harold': ['hal', 'harry'], 'henry': ['hank', 'harry'],
    'walter': ['walt'], 'eugene': ['gene'], 'albert': ['al', 'bert'], 'leonard': ['leo', 'len'],
    'gabriel': ['gabe'], 'vincent': ['vince', 'vinny'], 'phillip': ['phil'], 'philip': ['phil'],
    'ashley': ['ash'], 'jacqueline': ['jackie'], 'valerie': ['val'], 'danielle': ['dani'], 'gabriella': ['gabby'],
}
OCR = [('5', 'S'), ('S', '5'), ('0', 'O'), ('O', '0'), ('1', 'l'), ('l', '1'), ('I', 'l'), ('m', 'rn'),
       ('rn', 'm'), ('cl', 'd'), ('d', 'cl'), ('B', '8'), ('8', 'B'), ('g', '9'), ('Z', '2'), ('2', 'Z'),
       ('H', 'I-I'), ('b', 'l>'), ('u', 'v'), ('v', 'u'), ('h', 'b'), ('e', 'c'), ('a', 'o'), ('w', 'vv'),
       ('n', 'ri'), ('i', 'j'), ('G', '6'), ('6', 'G'), ('q', '9'), ('E', 'F')]
PHON = [('ph', 'f'), ('f', 'ph'), ('ck', 'k'), ('k', 'ck'), ('c', 'k'), ('ie', 'y'), ('y', 'ie'),
        ('ee', 'ea'), ('ea', 'ee'), ('ou', 'ow'), ('z', 's'), ('s', 'z'), ('th', 't'), ('mm', 'm'),
        ('nn', 'n'), ('ll', 'l'), ('l', 'll'), ('tt', 't'), ('x', 'ks'), ('qu', 'kw'), ('ai', 'ay'),
        ('ey', 'y'), ('gh', 'g'), ('wr', 'r'), ('kn', 'n'), ('sch', 'sh'), ('ch', 'sh'), ('ei', 'ie'),
        ('er', 'or'), ('an', 'en'), ('i', 'y'), ('son', 'sen'), ('man', 'mann'), ('dt', 't')]
KB = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm']


def kb_neighbours():
    pos = {c: (r, i) for r, row in enumerate(KB) for i, c in enumerate(row)}
    nb = {}
    for c, (r, i) in pos.items():
        nb[c] = [d for d, (r2, i2) in pos.items() if d != c and abs(r2 - r) <= 1 and abs(i2 - i) <= 1]
    return nb


KBN = kb_neighbours()


def weighted(rng, pairs):
    x = rng.random() * sum(w for _, w in pairs)
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


def add_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


# ---------------------------------------------------------------- seed data
def load_seed():
    census = list(csv.DictReader(open(os.path.join(SAMPLE, 'decennial_census.csv'), newline='')))
    hh = defaultdict(list)
    for r in census:
        if r['year'] == '2020':
            hh[r['household_id']].append(r)
    templates, gq = [], []
    for hid, rows in sorted(hh.items()):
        if rows[0]['housing_type'] != 'Household':
            for r in rows:
                gq.append(dict(rel='GQ', age=int(r['age']), sex=r['sex'].lower(), guardians=[], race=r['race_ethnicity'],
                               gqtype=r['housing_type']))
            continue
        rows.sort(key=lambda r: (r['relationship_to_reference_person'] != 'Reference person', -int(r['age'])))
        idx = {r['simulant_id']: i for i, r in enumerate(rows)}
        mem = []
        for r in rows:
            g = [idx[x] for x in (r['guardian_1'], r['guardian_2']) if x and x in idx]
            mem.append(dict(rel=r['relationship_to_reference_person'], age=int(r['age']), sex=r['sex'].lower(),
                            guardians=g, race=r['race_ethnicity'], gqtype=None))
        templates.append(mem)
    ssa = list(csv.DictReader(open(os.path.join(SAMPLE, 'social_security.csv'), newline='')))
    first = defaultdict(list)
    middle = defaultdict(list)
    for r in ssa:
        if r['event_type'] != 'creation' or not r['first_name']:
            continue
        sex = r['sex'].lower()
        dec = int(r['date_of_birth'][:4]) // 10 * 10
        first[(sex, dec)].append(r['first_name'])
        if r['middle_name']:
            middle[sex].append(r['middle_name'])
    last = sorted({r['last_name'] for r in census if r['last_name']} | {r['last_name'] for r in ssa if r['last_name']})
    last_list = [r['last_name'] for r in census if r['last_name']]
    streets = sorted({r['street_name'] for r in census if r['street_name']})
    return templates, gq, first, middle, last_list, streets


class Names:
    def __init__(self, rng, first, middle, last, streets):
        self.rng, self.first, self.middle, self.last, self.streets = rng, first, middle, last, streets
        self.decs = {s: sorted(d for (x, d) in first if x == s) for s in ('male', 'female')}
        self.by_sex = {s: sorted({n for (x, d), l in first.items() if x == s for n in l}) for s in ('male', 'female')}

    def given(self, sex, year):
        decs = self.decs[sex]
        d = min(decs, key=lambda x: abs(x - year // 10 * 10))
        return self.rng.choice(self.first[(sex, d)])

    def mid(self, sex):
        return self.rng.choice(self.middle[sex])

    def surname(self):
        return self.rng.choice(self.last)

    def twin_name(self, sex, year, other, similar):
        rng = self.rng
        pool = self.by_sex[sex]
        for _ in range(300):
            n = self.given(sex, year) if rng.random() < 0.7 else rng.choice(pool)
            if n == other:
                continue
            if similar == 'initial' and n[0] == other[0]:
                return n
            if similar == 'rhyme' and n[0] != other[0] and n[-3:].lower() == other[-3:].lower():
                return n
            if similar == 'none' and n[0] != other[0] and n[-3:].lower() != other[-3:].lower():
                return n
        if similar == 'rhyme':   # fall back on an initial-swap rhyme (Jayden/Kayden)
            return rng.choice('BCDJKLMR').upper() + other[1:] if other[0] not in 'BCDJKLMR' else 'K' + other[1:]
        return rng.choice([n for n in pool if n != other])


# ---------------------------------------------------------------- people and households
class P:
    __slots__ = ('id', 'hh', 'sex', 'dob', 'given', 'middle', 'birth_surname', 'surname_after', 'marriage',
                 'suffix', 'ssn', 'mobile', 'email', 'mb', 'tags', 'rel', 'gq', 'age', 'mother', 'father',
                 'race', 'apart')

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))
        self.tags = set()
        self.rel = defaultdict(set)   # kind -> set of entity ids


class World:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.rates = NOISE[args.rates]
        t, gq, first, middle, last, streets = load_seed()
        self.templates, self.gq = t, gq
        self.names = Names(self.rng, first, middle, last, streets)
        self.people = []
        self.index = {}
        self.hh = {}          # household id -> dict(members, addresses[(from_date, addr)], landline)
        self.next_p = 0
        self.next_h = 0
        self.pending_twins = []
        self.used_ssn = set()
        self.serial = defaultdict(int)
        self.gq_sites = {}

    # ---- ids
    def new_person(self, **kw):
        self.next_p += 1
        p = P(id='P%06d' % self.next_p, **kw)
        self.people.append(p)
        self.index[p.id] = p
        return p

    def link(self, a, kind, b, back):
        a.rel[kind].add(b.id)
        b.rel[back].add(a.id)

    # ---- addresses and phones
    def address(self, city=None):
        rng = self.rng
        if rng.random() < 0.02:
            c, st, z, ac = rng.choice(OUT_OF_STATE)
        else:
            c, z, ac = city or rng.choice(CITIES)
            st = 'WA'
        line = '%d %s' % (rng.randint(10, 29999), self.names.rng.choice(self.names.streets).title())
        if rng.random() < 0.18:
            line += ' %s %d' % (rng.choice(['Apt', 'Unit', '#']), rng.randint(1, 420))
        return dict(line=line, city=c, state=st, zip=z + '%02d' % rng.randint(1, 99), ac=ac)

    def phone(self, ac):
        return '%s%d%04d' % (ac, self.rng.randint(200, 999), self.rng.randint(0, 9999))

    def make_household(self, size_hint):
        self.next_h += 1
        hid = 'H%06d' % self.next_h
        rng = self.rng
        a = self.address()
        hist = [(dt.date(1900, 1, 1), a)]
        d = WIN_START
        while d < WIN_END:          # yearly moves, CPS ASEC mover rate
            if rng.random() < MOVER_RATE:
                md = d + dt.timedelta(days=rng.randint(0, 364))
                if md <= WIN_END:
                    city = None if rng.random() < 0.35 else next((c for c in CITIES if c[0] == hist[-1][1]['city']), None)
                    hist.append((md, self.address(city)))
            d = add_years(d, 1)
        land = self.phone(a['ac']) if rng.random() > WIRELESS_ONLY else None
        h = dict(id=hid, members=[], hist=hist, landline=land, email=None)
        self.hh[hid] = h
        return h

    # ---- SSN
    def ssn_random(self):
        rng = self.rng
        while True:
            a = rng.randint(1, 899)
            if a == 666:
                continue
            s = '%03d%02d%04d' % (a, rng.randint(1, 99), rng.randint(1, 9999))
            if s not in self.used_ssn:
                self.used_ssn.add(s)
                return s

    def ssn_block(self, n):
        """n consecutive pre-2011 SSNs (same area and group, consecutive serials)."""
        rng = self.rng
        area = rng.choice(list(range(531, 540)) * 4 + list(range(1, 700)))
        if area == 666:
            area = 667
        grp = rng.randint(1, 99)
        key = (area, grp)
        if self.serial[key] == 0:
            self.serial[key] = rng.randint(1, 8000)
        out = []
        for _ in range(n):
            self.serial[key] += 1
            s = '%03d%02d%04d' % (area, grp, self.serial[key] % 10000 or 1)
            while s in self.used_ssn:
                self.serial[key] += 1
                s = '%03d%02d%04d' % (area, grp, self.serial[key] % 10000 or 1)
            self.used_ssn.add(s)
            out.append(s)
        return out

    # ---- building
    def dob_for_age(self, age):
        d = TODAY - dt.timedelta(days=int(age * 365.25) + self.rng.randint(1, 364))
        return d

    def instantiate(self, tmpl, forced=None):
        rng, N = self.rng, self.names
        h = self.make_household(len(tmpl))
        shift = 0
        if forced:
            shift = forced['age'] - tmpl[0]['age']
        ps = []
        for i, m in enumerate(tmpl):
            age = m['age'] + shift
            if age < 0:
                ps.append(None)
                continue
            sex = m['sex']
            if forced and i == 0:
                sex = forced['sex']
            p = self.new_person(hh=h['id'], sex=sex, dob=self.dob_for_age(age), gq=m['gqtype'], race=m['race'])
            p.age = age
            if forced and i == 0:
                p.dob = forced['dob']
            p.tags.add('rel:' + m['rel'])
            h['members'].append(p)
            ps.append(p)
        ref = ps[0]
        if forced:
            ref.given, ref.birth_surname, ref.middle = forced['given'], forced['surname'], N.mid(ref.sex)
        else:
            ref.given, ref.birth_surname, ref.middle = N.given(ref.sex, ref.dob.year), N.surname(), N.mid(ref.sex)
        ref.surname_after = None
        fam_surname = ref.birth_surname
        spouse = None
        for i, m in enumerate(tmpl[1:], 1):
            p = ps[i]
            if p is None:
                continue
            if m['rel'] in ('Opposite-sex spouse', 'Same-sex spouse') and spouse is None:
                if m['rel'] == 'Opposite-sex spouse' and p.sex == ref.sex:
                    p.sex = 'female' if ref.sex == 'male' else 'male'
                spouse = p
        male_parent = None
        if spouse is not None:
            spouse.birth_surname = N.surname()
        for i, m in enumerate(tmpl):
            p = ps[i]
            if p is None or i == 0:
                continue
            rel = m['rel']
            p.given, p.middle = N.given(p.sex, p.dob.year), N.mid(p.sex)
            if p is spouse:
                self.link(ref, 'spouse', p, 'spouse')
                if rel == 'Opposite-sex spouse':
                    wife, husband = (p, ref) if p.sex == 'female' else (ref, p)
                    self.marry(wife, husband)
                    fam_surname = husband.birth_surname if husband.surname_after is None else husband.surname_after
                    if wife.surname_after == wife.birth_surname + '-' + husband.birth_surname:
                        pass
                    male_parent = husband
            elif rel in ('Opposite-sex unmarried partner', 'Same-sex unmarried partner'):
                p.birth_surname = N.surname()
                self.link(ref, 'partner', p, 'partner')
            elif rel == 'Parent':
                if p.sex == 'male':
                    p.birth_surname = ref.birth_surname
                else:
                    p.birth_surname = N.surname()
                    p.surname_after = ref.birth_surname
                self.link(p, 'parent', ref, 'child')
            elif rel == 'Parent-in-law' and spouse is not None:
                p.birth_surname = spouse.birth_surname if p.sex == 'male' else N.surname()
                if p.sex == 'female':
                    p.surname_after = spouse.birth_surname
                self.link(p, 'parent', spouse, 'child')
            elif rel == 'Sibling':
                p.birth_surname = ref.birth_surname
                self.link(p, 'sibling', ref, 'sibling')
            elif rel in ('Biological child', 'Adopted child', 'Stepchild', 'Foster child', 'Grandchild',
                         'Other relative', 'Child-in-law'):
                gs = [ps[g] for g in m['guardians'] if ps[g] is not None and g != i]
                if not gs and rel in ('Biological child', 'Adopted child'):
                    gs = [ref] + ([spouse] if spouse else [])
                if not gs and rel == 'Stepchild':
                    gs = [ref]
                if rel == 'Foster child':
                    p.birth_surname = N.surname()
                elif rel == 'Stepchild' and rng.random() < 0.7:
                    p.birth_surname = N.surname()
                elif rel in ('Grandchild', 'Other relative') and gs and gs[0] is not ref and gs[0] is not spouse:
                    fathers = [g for g in gs if g.sex == 'male']
                    p.birth_surname = (fathers[0].birth_surname if fathers else
                                       (gs[0].birth_surname if rng.random() < 0.6 else N.surname()))
                elif rel == 'Child-in-law':
                    p.birth_surname = N.surname()
                else:
                    if male_parent is None and rng.random() < 0.3:
                        p.birth_surname = N.surname()      # absent father's name
                    else:
                        p.birth_surname = fam_surname if male_parent is not None else (ref.surname_after or ref.birth_surname)
                if rel != 'Foster child':
                    for g in gs:
                        self.link(g, 'parent', p, 'child')
                        if g.sex == 'female':
                            p.mother = g
                        else:
                            p.father = g
            else:
                p.birth_surname = N.surname()
        # fill siblings (share a parent), juniors, twins
        kids = [p for p in ps if p is not None and p.rel.get('child')]
        byparent = defaultdict(list)
        for p in ps:
            if p is None:
                continue
            for par in sorted(p.rel.get('child', ())):
                byparent[par].append(p)
        for par, ch in byparent.items():
            for a in ch:
                for b in ch:
                    if a is not b:
                        a.rel['sibling'].add(b.id)
        for p in kids:
            f = p.father
            if f and p.sex == 'male' and not f.suffix and rng.random() < P_JUNIOR and p.rel.get('child'):
                p.given, p.middle, p.birth_surname = f.given, f.middle, f.birth_surname
                p.suffix, f.suffix = 'JR', 'SR'
                self.link(p, 'generational', f, 'generational')
            elif p.mother and p.sex == 'female' and rng.random() < P_NAMESAKE_DAUGHTER:
                p.given = p.mother.given
                if rng.random() < 0.5:
                    p.middle = p.mother.middle
                self.link(p, 'generational', p.mother, 'generational')
        for p in list(kids):
            r = rng.random()
            if r < P_TRIPLET_DELIVERY:
                self.add_multiples(p, 3, h)
            elif r < P_TRIPLET_DELIVERY + P_TWIN_DELIVERY:
                self.add_multiples(p, 2, h)
        # adults without parents in the household: co-twin living apart
        for p in ps:
            if p is not None and not p.rel.get('child') and p.age >= 18 and not p.gq and rng.random() < P_TWIN_DELIVERY:
                self.pending_twins.append(p)
        return h

    def marry(self, wife, husband):
        rng = self.rng
        young = min(wife.dob, husband.dob)
        young = max(wife.dob, husband.dob)
        lo = add_years(young, 18)
        span = (TODAY - lo).days
        if span <= 0:
            return
        # years married: uniform over adult life, biased to earlier years
        wife.marriage = lo + dt.timedelta(days=int(span * rng.random() ** 1.5))
        if rng.random() < P_HUSBAND_TOOK:
            husband.surname_after = wife.birth_surname
            return
        w = weighted(rng, WIFE_NAME)
        if w == 'took':
            wife.surname_after = husband.birth_surname
        elif w == 'hyphen':
            wife.surname_after = wife.birth_surname + '-' + husband.birth_surname
        if wife.surname_after:
            husband.marriage = None

    def twin_names(self, base, group):
        rng = self.rng
        zyg = 'MZ' if rng.random() < P_MZ else 'DZ'
        names = [base.given]
        for q in group:
            if rng.random() < TWIN_NAME_SIMILAR[zyg]:
                sim = 'initial' if rng.random() < TWIN_SAME_INITIAL_SHARE else 'rhyme'
            else:
                sim = 'none'
            n = self.names.twin_name(q.sex, q.dob.year, base.given, sim)
            while n in names:
                n = self.names.twin_name(q.sex, q.dob.year, base.given, 'none')
            q.given = n
            names.append(n)
        return zyg

    def add_multiples(self, p, n, h):
        rng = self.rng
        zyg = 'MZ' if rng.random() < P_MZ else 'DZ'
        group = [p]
        for _ in range(n - 1):
            sex = p.sex if (zyg == 'MZ' or rng.random() < P_DZ_SAME_SEX) else ('female' if p.sex == 'male' else 'male')
            q = self.new_person(hh=h['id'], sex=sex, dob=p.dob, gq=None, race=p.race)
            q.age, q.birth_surname, q.middle = p.age, p.birth_surname, self.names.mid(sex)
            q.surname_after, q.mother, q.father = None, p.mother, p.father
            q.tags.add('rel:' + ('Biological child'))
            for par in p.rel.get('child', ()):
                q.rel['child'].add(par)
                self.byid(par).rel['parent'].add(q.id)
            for s in p.rel.get('sibling', ()):
                q.rel['sibling'].add(s)
                self.byid(s).rel['sibling'].add(q.id)
            h['members'].append(q)
            group.append(q)
        if p.suffix == 'JR':   # keep the junior, his co-twin(s) get their own names
            pass
        self.twin_names(p, group[1:])
        order = list(range(1, n + 1))
        rng.shuffle(order)
        for q, o in zip(group, order):
            q.mb = o
            q.tags.add('triplet' if n == 3 else 'twin')
            q.tags.add(zyg)
            for r in group:
                if r is not q:
                    q.rel['twin'].add(r.id)
                    q.rel['sibling'].discard(r.id)

    def byid(self, pid):
        return self.index[pid]

    def build(self):
        rng, N = self.rng, self.args.people
        ntmpl = len(self.templates) + len(self.gq)
        gq_share = len(self.gq) / (len(self.gq) + sum(len(t) for t in self.templates))
        while len(self.people) < N:
            if self.pending_twins:
                a = self.pending_twins.pop()
                zyg = 'MZ' if rng.random() < P_MZ else 'DZ'
                sex = a.sex if (zyg == 'MZ' or rng.random() < P_DZ_SAME_SEX) else ('female' if a.sex == 'male' else 'male')
                adults = [t for t in self.templates if t[0]['sex'] == sex and abs(t[0]['age'] - a.age) < 15]
                tmpl = rng.choice(adults or self.templates)
                probe = P(sex=sex, dob=a.dob)
                sim = ('initial' if rng.random() < TWIN_SAME_INITIAL_SHARE else 'rhyme') \
                    if rng.random() < TWIN_NAME_SIMILAR[zyg] else 'none'
                given = self.names.twin_name(sex, a.dob.year, a.given, sim)
                h = self.instantiate(tmpl, forced=dict(age=a.age, sex=sex, dob=a.dob, given=given,
                                                       surname=a.birth_surname))
                b = h['members'][0]
                self.pending_twins = [x for x in self.pending_twins if x is not b]
                order = [1, 2] if rng.random() < 0.5 else [2, 1]
                for q, o in zip((a, b), order):
                    q.mb = o
                    q.tags.update(('twin', zyg, 'twin-apart'))
                a.rel['twin'].add(b.id)
                b.rel['twin'].add(a.id)
                continue
            if rng.random() < gq_share:
                m = rng.choice(self.gq)
                h = self.instantiate([m])
                key = (m['gqtype'], rng.randint(0, 2))
                if key not in self.gq_sites:
                    self.gq_sites[key] = (h['hist'][0][1], self.phone(h['hist'][0][1]['ac']))
                addr, ph = self.gq_sites[key]
                h['hist'] = [(dt.date(1900, 1, 1), addr)]
                h['landline'] = ph
                h['members'][0].tags.add('group-quarters')
            else:
                self.instantiate(rng.choice(self.templates))
        # guarantee some triplets (real rate gives < 1 set per 5,000 people)
        want = max(1, N // 5000)
        have = sum(1 for p in self.people if 'triplet' in p.tags) // 3
        kids = [p for p in self.people if p.rel.get('child') and not p.rel.get('twin')]
        for _ in range(max(0, want - have)):
            if kids:
                p = kids.pop(rng.randrange(len(kids)))
                self.add_multiples(p, 3, self.hh[p.hh])
                p.tags.add('forced-triplet')
        # trim to exactly N people: drop the most recently created people, never a forced triplet set
        if len(self.people) > N:
            keep_ids = {p.id for p in self.people if 'forced-triplet' in p.tags}
            for p in list(self.people):
                if 'forced-triplet' in p.tags:
                    keep_ids |= p.rel['twin']
            excess = len(self.people) - N
            drop = set()
            for p in reversed(self.people):
                if len(drop) >= excess:
                    break
                if p.id not in keep_ids:
                    drop.add(p.id)
            self.people = [p for p in self.people if p.id not in drop]
            self.index = {p.id: p for p in self.people}
            for h in self.hh.values():
                h['members'] = [m for m in h['members'] if m.id not in drop]
            for p in self.people:
                for k in list(p.rel):
                    p.rel[k] -= drop
                if p.mother is not None and p.mother.id in drop:
                    p.mother = None
                if p.father is not None and p.father.id in drop:
                    p.father = None
            for p in self.people:
                if not p.rel.get('twin'):
                    p.mb = None
                    p.tags -= {'twin', 'triplet', 'MZ', 'DZ', 'twin-apart'}
                elif len(p.rel['twin']) == 1 and 'triplet' in p.tags:
                    p.tags.discard('triplet'); p.tags.add('twin')
            self.hh = {k: v for k, v in self.hh.items() if v['members']}
        self.assign_ids()

    def assign_ids(self):
        rng = self.rng
        # SSNs
        done = set()
        for h in self.hh.values():
            ms = h['members']
            # families enumerated together before randomisation get consecutive numbers (SSA OIG 2014)
            pre = [p for p in ms if p.dob < dt.date(1987, 1, 1) and p.age < 60]
            if len(pre) >= 2 and rng.random() < 0.15:
                for p, s in zip(pre, self.ssn_block(len(pre))):
                    p.ssn = s
                    p.tags.add('consecutive-ssn')
                    done.add(p.id)
            # multiples enumerated at birth together (EAB) before 2011 get consecutive numbers
            seen = set()
            for p in ms:
                if p.rel.get('twin') and p.id not in done and p.id not in seen and p.dob < RANDOMISATION:
                    grp = [p] + [self.byid(t) for t in sorted(p.rel['twin']) if self.byid(t).id not in done]
                    if rng.random() < 0.8:
                        for q, s in zip(grp, self.ssn_block(len(grp))):
                            q.ssn = s
                            q.tags.add('consecutive-ssn')
                            done.add(q.id)
                    seen.update(q.id for q in grp)
        for p in self.people:
            if p.id in done:
                continue
            if rng.random() < P_NO_SSN:
                p.ssn = None
                p.tags.add('no-ssn')
            elif p.dob >= RANDOMISATION:
                p.ssn = self.ssn_random()
            else:
                p.ssn = self.ssn_block(1)[0]
        # phones and e-mails
        for h in self.hh.values():
            ac = h['hist'][0][1]['ac']
            fam_email = None
            for p in h['members']:
                if p.age >= 13 and rng.random() < (CELL_OWNERSHIP if p.age >= 18 else 0.7):
                    p.mobile = self.phone(ac if rng.random() < 0.8 else rng.choice(CITIES)[2])
                if p.age >= 16 and rng.random() < 0.85:
                    p.email = self.make_email(p)
            adults = [p for p in h['members'] if p.age >= 18]
            if len(adults) >= 2 and rng.random() < 0.2:
                fam_email = adults[0].email
                for a in adults[1:3]:
                    if a.rel.get('spouse') and fam_email:
                        a.email = fam_email
                        a.tags.add('shared-email')
                        adults[0].tags.add('shared-email')

    def make_email(self, p):
        rng = self.rng
        sur = (p.surname_after or p.birth_surname).lower().replace('-', '')
        g = p.given.lower()
        pat = rng.randint(0, 4)
        local = [g + '.' + sur, g[0] + sur, g + sur + str(rng.randint(1, 99)), g + '_' + sur[:4] + str(p.dob.year % 100),
                 sur + g[0] + str(rng.randint(1, 999))][pat]
        return local.replace("'", '').replace(' ', '') + '@' + rng.choice(EMAIL_DOMAINS)

    # ---------------------------------------------------------------- registrations
    def state_at(self, p, d):
        h = self.hh[p.hh]
        addr = h['hist'][0][1]
        for since, a in h['hist']:
            if since <= d:
                addr = a
        return addr

    def surname_at(self, p, d):
        if p.surname_after:
            m = p.marriage or (self.byid(next(iter(p.rel['spouse']))).marriage if p.rel.get('spouse') else None)
            if m is None or m <= d:
                return p.surname_after, True
        return p.birth_surname, False

    def registrations(self):
        rng = self.rng
        regs = []
        for p in self.people:
            child = p.age < 18
            w = SRC_WEIGHT_CHILD if child else SRC_WEIGHT_ADULT
            k = weighted(rng, SOURCES_PER_PERSON)
            pool = dict(w)
            chosen = []
            for _ in range(k):
                s = weighted(rng, sorted(pool.items()))
                chosen.append(s)
                del pool[s]
            start = max(WIN_START, p.dob)
            newborn = p.dob >= WIN_START
            for s in chosen:
                d = start + dt.timedelta(days=rng.randint(0, max(0, (WIN_END - start).days)))
                regs.append([p, s, d, set()])
            if newborn:
                p.tags.add('newborn')
                if rng.random() < 0.9:   # birth admission at the hospital
                    regs.append([p, 'hospital', p.dob, {'birth'}])
                    if 'hospital' in chosen and rng.random() < 0.7:
                        # the later hospital registration is the same MRN: keep only the birth one
                        for r in regs:
                            if r[0] is p and r[1] == 'hospital' and 'birth' not in r[3]:
                                r[3].add('drop')
                                break
        regs = [r for r in regs if 'drop' not in r[3]]
        # same-source duplicates
        extra = []
        for r in regs:
            if rng.random() < self.rates['dup']:
                p = r[0]
                d = max(p.dob, WIN_START) + dt.timedelta(days=rng.randint(0, max(0, (WIN_END - max(p.dob, WIN_START)).days)))
                r[3].add('same-source')
                extra.append([p, r[1], d, {'same-source'}])
        regs += extra
        regs.sort(key=lambda r: (r[2], r[0].id, r[1]))
        return regs

    def new_mrn(self, src):
        rng = self.rng
        used = self.used_mrn.setdefault(src, set())
        while True:
            if src == 'hospital':
                v = 'H%07d' % rng.randint(1, 9999999)
            elif src == 'clinic':
                v = '%06d' % rng.randint(100000, 999999)
            elif src == 'lab':
                v = 'LB-%09d' % rng.randint(1, 999999999)
            elif src == 'payer':
                v = 'W%09d' % rng.randint(1, 999999999)
            elif src == 'pharmacy':
                v = 'RX%08d' % rng.randint(1, 99999999)
            else:
                v = 'IIS%010d' % rng.randint(1, 9999999999)
            if v not in used:
                used.add(v)
                return v

    # ---------------------------------------------------------------- records
    def records(self):
        rng, R = self.rng, self.rates
        self.used_mrn = {}
        self.payer_n = Counter()
        regs = self.registrations()
        first_mrn = {}     # (person, source) -> mrn of first registration
        payer_sub = {}     # household -> subscriber member id base
        rows = []
        for p, src, d, flags in regs:
            S = SOURCES[src]
            tags = set()
            if src == 'payer':
                base = payer_sub.get(p.hh)
                if base is None or 'same-source' in flags and (p, src) in first_mrn:
                    base = self.new_mrn('payer')
                    if p.hh not in payer_sub:
                        payer_sub[p.hh] = base
                self.payer_n[base] += 1
                n = self.payer_n[base]
                mrn = '%s-%02d' % (base, n)
                self.used_mrn['payer'].add(mrn)
            else:
                mrn = self.new_mrn(src)
            first_mrn.setdefault((p, src), mrn)
            oids = ['urn:mrn:%s|%s' % (src, mrn)]
            addr = self.state_at(p, d)
            fam, married = self.surname_at(p, d)
            if married and p.surname_after != p.birth_surname:
                tags.add('hyphenated' if '-' in fam else 'married-name')
            elif p.surname_after and not married:
                tags.add('maiden-name')
            if addr is not self.hh[p.hh]['hist'][-1][1]:
                tags.add('moved')
            given, middle, suffix = p.given, p.middle or '', p.suffix or ''
            if 'birth' in flags and rng.random() < P_NEWBORN_PLACEHOLDER:
                given, middle, suffix = self.placeholder(p, fam)
                tags.add('newborn-placeholder')
            # middle name capture
            mfull, minit = S['middle']
            x = rng.random()
            if x < mfull:
                pass
            elif x < mfull + minit:
                if middle:
                    middle = middle[0]
                    tags.add('middle-initial')
            else:
                middle = ''
            if suffix:
                if rng.random() < S['suffix']:
                    tags.add('suffix')
                    if rng.random() < 0.1:
                        given, suffix = given + ' ' + suffix, ''     # suffix typed into the given name
                        tags.add('suffix-in-given')
                else:
                    suffix = ''
                    tags.add('suffix-omitted')
            ssn = ''
            if p.ssn and rng.random() < S['ssn']:
                ssn = p.ssn
            guardians = [self.byid(g) for g in sorted(p.rel.get('child', ()))]
            guardians = [g for g in guardians if g.age >= 18 and g.ssn]
            id_of = set()
            if p.age < 18 and guardians and (rng.random() < (0.3 if src == 'payer' else R['parent_ssn'])):
                g = rng.choice(guardians)
                ssn = g.ssn
                tags.update(('shared-ssn', 'parent-ssn'))
                id_of.add(g.id)
            if ssn and rng.random() < R['placeholder_ssn']:
                ssn = rng.choice(['111111111', '999999999', '123456789', '000000000'])
                tags.add('placeholder-ssn')
                id_of.clear()
            # phone: own mobile, else household landline, else a guardian's mobile
            phone = ''
            if rng.random() < S['phone']:
                h = self.hh[p.hh]
                cands = []
                if p.mobile:
                    cands += [p.mobile] * 3
                if h['landline']:
                    cands.append(h['landline'])
                if p.age < 18 or not cands:
                    cands += [g.mobile for g in guardians if g.mobile] * 2
                if not cands and p.age >= 18:
                    cands = [m.mobile for m in h['members'] if m.mobile]
                if cands:
                    phone = rng.choice(cands)
                    if phone != p.mobile:
                        tags.add('shared-phone')
            email = ''
            if rng.random() < S['email']:
                if p.email:
                    email = p.email
                elif p.age < 18:
                    ge = [g.email for g in guardians if g.email]
                    if ge:
                        email = rng.choice(ge)
                        tags.add('shared-email')
            mmn = ''
            if rng.random() < S['mmn']:
                mmn = p.mother.birth_surname if p.mother else self.names.surname()
            mb = str(p.mb) if p.mb and rng.random() < S['mb'] else ''
            # cross-referenced MRNs from other sources where the person is known
            if src in ('lab', 'pharmacy', 'immunization') and rng.random() < 0.5:
                for other in ('hospital', 'clinic', 'payer'):
                    if (p, other) in first_mrn and other != src:
                        oids.append('urn:mrn:%s|%s' % (other, first_mrn[(p, other)]))
                        tags.add('cross-ref')
                        break
            rec = dict(source=src, source_id=mrn, given_name=given, middle_name=middle, family_name=fam,
                       suffix=suffix, birth_date=p.dob, sex=p.sex, ssn=ssn, phone=phone, email=email,
                       address_line=addr['line'], city=addr['city'], state=addr['state'], postal_code=addr['zip'],
                       mothers_maiden_name=mmn, multiple_birth=mb)
            if 'same-source' in flags:
                tags.add('same-source')
            if 'birth' in flags:
                tags.add('birth-record')
            rows.append([p, rec, oids, tags, id_of, src, d])
        self.reuse_mrns(rows)
        for row in rows:
            self.noise(row)
        return rows

    def placeholder(self, p, fam):
        rng = self.rng
        g = 'GIRL' if p.sex == 'female' else 'BOY'
        mom = p.mother.given.upper() if p.mother else None
        letter = chr(64 + p.mb) if p.mb else ''
        opts = [('BABY ' + g + (' ' + letter if letter else ''), ''), ('BABY' + g, ''), ('BABY', g)]
        if letter:
            opts += [('TWIN ' + letter if not p.rel.get('twin') or len(p.rel['twin']) == 1 else 'TRIPLET ' + letter, ''),
                     ('BABY ' + letter, g)]
        if mom:
            opts += [(mom + 'S' + g, ''), (mom + ' ' + g + (' ' + letter if letter else ''), '')]
            if p.mb:
                opts.append(('%d%sS%s' % (p.mb, mom, g), ''))
        gv, mid = rng.choice(opts)
        return gv, mid, ''

    def reuse_mrns(self, rows):
        """One MRN used for two family members at one source (child charted on a parent's MRN etc.)."""
        rng = self.rng
        by_src_hh = defaultdict(list)
        for r in rows:
            by_src_hh[(r[5], r[0].hh)].append(r)
        for key, rs in sorted(by_src_hh.items(), key=lambda kv: kv[0]):
            people = {r[0].id for r in rs}
            if len(people) < 2:
                continue
            for r in rs:
                if rng.random() < self.rates['mrn_reuse'] * 4:
                    owners = [o for o in rs if o[0] is not r[0]]
                    o = rng.choice(owners)
                    shared = o[1]['source_id']
                    u = 'urn:mrn:%s|%s' % (r[5], shared)
                    r[2].append(u)
                    if u not in o[2]:
                        o[2].append(u)
                    r[3].add('shared-mrn')
                    o[3].add('shared-mrn')
                    r[4].add(o[0].id)
                    break

    # ---------------------------------------------------------------- noise (pseudopeople types)
    def noise(self, row):
        p, rec, oids, tags, id_of, src, d = row
        rng, R = self.rng, self.rates
        pc, tp = R['cell'], R['token']
        names = ('given_name', 'middle_name', 'family_name')
        textcols = names + ('address_line', 'city')
        hit = lambda: rng.random() < pc
        placeholder = 'newborn-placeholder' in tags
        # leave_blank
        for c in ('given_name', 'middle_name', 'family_name', 'birth_date', 'sex', 'ssn', 'phone', 'email',
                  'address_line', 'city', 'state', 'postal_code'):
            if rec[c] and hit():
                rec[c] = ''
                tags.add('blank')
        # choose_wrong_option
        if rec['sex'] and hit():
            rec['sex'] = 'female' if rec['sex'] == 'male' else 'male'
            tags.add('wrong-sex')
        if rec['state'] and hit():
            rec['state'] = rng.choice([s for s in STATES if s != rec['state']])
            tags.add('wrong-state')
        # copy_from_household_member
        others = [m for m in self.hh[p.hh]['members'] if m is not p]
        if others:
            if rec['birth_date'] and hit():
                m = rng.choice(others)
                if m.dob != p.dob:
                    rec['birth_date'] = m.dob
                    tags.add('copied-from-household')
            if rec['ssn'] and hit():
                cand = [m for m in others if m.ssn]
                if cand:
                    m = rng.choice(cand)
                    rec['ssn'] = m.ssn
                    tags.update(('copied-from-household', 'shared-ssn'))
                    id_of.clear()
                    id_of.add(m.id)
        bd = rec['birth_date']
        if isinstance(bd, dt.date):
            bd = bd.isoformat()
        # swap_month_and_day
        if bd and hit():
            y, m_, dd = bd.split('-')
            if m_ != dd and int(dd) <= 12:
                bd = '%s-%s-%s' % (y, dd, m_)
                tags.add('date-swap')
        # write_wrong_zipcode_digits
        if rec['postal_code'] and hit():
            z = list(rec['postal_code'])
            for i, pr in enumerate([0.04, 0.04, 0.20, 0.36, 0.36]):
                if rng.random() < pr / 0.9 * 0.9 + 0.0 and i < len(z):
                    z[i] = str(rng.choice([x for x in range(10) if str(x) != z[i]]))
            if ''.join(z) != rec['postal_code']:
                rec['postal_code'] = ''.join(z)
                tags.add('zip-digits')
        # write_wrong_digits
        if bd and hit():
            nb = self.wrong_digits(bd, tp, date=True)
            if nb != bd:
                bd = nb
                tags.add('dob-digits')
        rec['birth_date'] = bd
        if rec['ssn'] and hit():
            ns = self.wrong_digits(rec['ssn'], tp)
            if rng.random() < 0.3:   # adjacent transposition, a common keying error
                i = rng.randrange(8)
                s = list(rec['ssn'])
                s[i], s[i + 1] = s[i + 1], s[i]
                ns = ''.join(s)
            if ns != rec['ssn']:
                rec['ssn'] = ns
                tags.add('ssn-typo')
                id_of.clear()
        if rec['phone'] and hit():
            np_ = self.wrong_digits(rec['phone'], tp)
            if np_ != rec['phone']:
                rec['phone'] = np_
                tags.add('phone-digits')
        if rec['address_line'] and hit():
            parts = rec['address_line'].split(' ', 1)
            nn = self.wrong_digits(parts[0], tp)
            if nn != parts[0]:
                rec['address_line'] = nn + ' ' + parts[1]
                tags.add('street-number-digits')
        # use_nickname
        if not placeholder:
            for c in ('given_name', 'middle_name'):
                v = rec[c]
                if v and v.lower() in NICK and rng.random() < min(1.0, pc * 4):
                    rec[c] = rng.choice(NICK[v.lower()]).title()
                    tags.add('nickname')
            # use_fake_name
            for c in names:
                if rec[c] and hit():
                    rec[c] = rng.choice(FAKE_LAST if c == 'family_name' else FAKE_FIRST)
                    tags.add('fake-name')
        # phonetic, OCR, typos
        for c in textcols:
            if rec[c] and hit():
                v = self.phonetic(rec[c], tp)
                if v != rec[c]:
                    rec[c] = v
                    tags.add('phonetic')
        for c in textcols + ('email',):
            if rec[c] and hit():
                v = self.ocr(rec[c], tp)
                if v != rec[c]:
                    rec[c] = v
                    tags.add('ocr')
        for c in textcols + ('email',):
            if rec[c] and hit():
                v = self.typo(rec[c], tp)
                if v != rec[c]:
                    rec[c] = v
                    tags.add('typo')
        # source conventions: truncation, upper case, phone format
        S = SOURCES[src]
        if S['trunc']:
            gmax, fmax = S['trunc']
            if len(rec['given_name']) > gmax:
                rec['given_name'] = rec['given_name'][:gmax]
                tags.add('truncated')
            if len(rec['family_name']) > fmax:
                rec['family_name'] = rec['family_name'][:fmax]
                tags.add('truncated')
        if src == 'lab' and len(rec['address_line']) > 20:
            rec['address_line'] = rec['address_line'][:20].rstrip()
            tags.add('truncated')
        if S['upper']:
            for c in textcols + ('mothers_maiden_name', 'suffix'):
                rec[c] = rec[c].upper()
            tags.add('upper-case')
        else:
            for c in ('suffix',):
                rec[c] = {'JR': 'Jr', 'SR': 'Sr'}.get(rec[c], rec[c])
        ph = rec['phone']
        if ph and len(ph) == 10 and ph.isdigit():
            if S['phonefmt'] == 'paren':
                rec['phone'] = '(%s) %s-%s' % (ph[:3], ph[3:6], ph[6:])
            elif S['phonefmt'] == 'dash':
                rec['phone'] = '%s-%s-%s' % (ph[:3], ph[3:6], ph[6:])
        if rec['ssn'] and id_of:
            pass
        for i in list(id_of):
            tags.add('id-of:' + i)

    def wrong_digits(self, s, tp, date=False):
        rng = self.rng
        out = []
        for ch in s:
            if ch.isdigit() and rng.random() < tp:
                ch = str(rng.choice([x for x in range(10) if str(x) != ch]))
            out.append(ch)
        r = ''.join(out)
        if date:
            try:
                dt.date.fromisoformat(r)
            except ValueError:
                return s
        return r

    def phonetic(self, v, tp):
        rng = self.rng
        low = v.lower()
        out, i = [], 0
        while i < len(v):
            done = False
            for a, b in PHON:
                if low.startswith(a, i) and rng.random() < tp:
                    rep = b.upper() if v[i].isupper() and len(v[i:i + len(a)]) and v[i:i + len(a)].isupper() else b
                    if i == 0 and v[0].isupper():
                        rep = rep[:1].upper() + rep[1:]
                    out.append(rep)
                    i += len(a)
                    done = True
                    break
            if not done:
                out.append(v[i])
                i += 1
        return ''.join(out)

    def ocr(self, v, tp):
        rng = self.rng
        out, i = [], 0
        while i < len(v):
            for a, b in sorted(OCR, key=lambda x: -len(x[0])):
                if v.startswith(a, i) and rng.random() < tp:
                    out.append(b)
                    i += len(a)
                    break
            else:
                out.append(v[i])
                i += 1
        return ''.join(out)

    def typo(self, v, tp):
        rng = self.rng
        out = []
        for ch in v:
            lc = ch.lower()
            if lc in KBN and rng.random() < tp:
                nb = rng.choice(KBN[lc])
                nb = nb.upper() if ch.isupper() else nb
                out.append(ch + nb if rng.random() < 0.1 else nb)
            else:
                out.append(ch)
        return ''.join(out)


# ---------------------------------------------------------------- output
def person_tags(w, p):
    t = set()
    for k in ('twin', 'triplet', 'MZ', 'DZ', 'twin-apart', 'group-quarters', 'no-ssn', 'consecutive-ssn',
              'newborn', 'forced-triplet', 'shared-email'):
        if k in p.tags:
            t.add(k.lower())
    if p.rel.get('twin'):
        sexes = {w.byid(x).sex for x in p.rel['twin']} | {p.sex}
        t.add('same-sex-multiple' if len(sexes) == 1 else 'opposite-sex-multiple')
    names = {'twin': 'twin-of', 'generational': 'generational-of', 'parent': 'parent-of', 'child': 'child-of',
             'sibling': 'sibling-of', 'spouse': 'spouse-of', 'partner': 'partner-of'}
    for k, lab in names.items():
        for x in sorted(p.rel.get(k, ())):
            t.add('%s:%s' % (lab, x))
    if p.rel.get('generational'):
        t.add('generational')
        if p.suffix:
            t.add(p.suffix.lower())
    if p.rel.get('parent') or p.rel.get('child'):
        t.add('parent-child')
    if p.rel.get('sibling'):
        t.add('sibling')
    if p.rel.get('spouse'):
        t.add('spouse')
    if p.surname_after:
        t.add('name-change')
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--people', type=int, required=True)
    ap.add_argument('--seed', type=int, required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--rates', choices=['normal', 'high'], default='normal')
    args = ap.parse_args()
    t0 = time.time()
    w = World(args)
    w.build()
    rows = w.records()
    ptags = {p.id: person_tags(w, p) for p in w.people}
    with open(args.out, 'w', newline='') as f:
        wr = csv.writer(f)
        wr.writerow(HEADER)
        for p, rec, oids, tags, id_of, src, d in rows:
            rec = dict(rec)
            rec['other_identifiers'] = ';'.join(dict.fromkeys(oids))
            rec['entity_id'] = p.id
            rec['household_id'] = p.hh
            rec['tags'] = ';'.join(sorted(ptags[p.id] | tags))
            wr.writerow([rec[c] if rec[c] is not None else '' for c in HEADER])
    validate(args.out, w, time.time() - t0)


def validate(path, w, secs):
    rows = list(csv.reader(open(path, newline='')))
    ok = rows[0] == HEADER
    keys = Counter((r[0], r[1]) for r in rows[1:])
    dupkeys = sum(1 for v in keys.values() if v > 1)
    ents = {r[18] for r in rows[1:]}
    tagc = Counter()
    for r in rows[1:]:
        for t in r[20].split(';'):
            if t:
                tagc[t.split(':')[0] + (':*' if ':' in t else '')] += 1
    bad_dates = sum(1 for r in rows[1:] if r[6] and len(r[6]) != 10)
    twins = sum(len(p.rel.get('twin', ())) for p in w.people) // 2
    trip = sum(1 for p in w.people if len(p.rel.get('twin', ())) == 2) // 3
    hs = Counter(len(h['members']) for h in w.hh.values())
    print('generated in %.1fs: %d people (%d with records), %d records, %d households' %
          (secs, len(w.people), len(ents), len(rows) - 1, len(w.hh)))
    print('header ok:', ok, '| duplicate (source,source_id) keys:', dupkeys, '| malformed dates:', bad_dates)
    print('records per source:', dict(sorted(Counter(r[0] for r in rows[1:]).items())))
    print('records per person:', dict(sorted(Counter(Counter(r[18] for r in rows[1:]).values()).items())))
    print('twin-of pairs (incl. triplet pairs): %d, triplet sets: %d' % (twins, trip))
    print('household size distribution:', dict(sorted(hs.items())))
    print('tag counts (records):')
    for t, c in sorted(tagc.items(), key=lambda x: -x[1]):
        print('  %-28s %d' % (t, c))
    if not ok or dupkeys or len(ents) != len(w.people):
        print('VALIDATION FAILED', file=sys.stderr)
        sys.exit(1)
    print('VALIDATION OK')


if __name__ == '__main__':
    main()
