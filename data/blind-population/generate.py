#!/usr/bin/env python3
"""Blind synthetic MPI test population: households -> people -> per-source registrations.

Usage: python3 generate.py --people N --seed S --out FILE.csv [--rates normal|high|auto]
(--rates auto, the default, uses 'high' when the seed is even.)
Standard library only. See README.md for the model and the sources of the rates.
"""
import argparse, csv, datetime as dt, random, sys, unicodedata
from collections import Counter, defaultdict

TODAY = dt.date(2026, 12, 1)

# ----------------------------------------------------------------------------- names
W_M = ("James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel "
       "Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy "
       "Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin "
       "Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry "
       "Tyler Aaron Henry Douglas Peter Adam Nathan Zachary Walter Kyle Harold Carl Jeremy Keith "
       "Roger Gerald Ethan Arthur Terry Christian Sean Lawrence Austin Noah Jesse Albert Bryan "
       "Bruce Jordan Dylan Alan Ralph Gabriel Wayne Eugene Logan Randy Louis Russell Vincent "
       "Philip Bradley Liam Owen Aiden Mason Caleb Hunter Connor Wyatt Carter Colin Cody").split()
W_F = ("Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty "
       "Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah "
       "Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma "
       "Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Heather "
       "Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith "
       "Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Madison Ella Kaylee Abigail "
       "Sophia Ava Chloe Harper Hailey Haley Brooke Kayla Caitlin Katelyn Allison Alyssa").split()
W_S = ("Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin "
       "Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill "
       "Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans "
       "Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Peterson Cooper Reed Bailey Bell "
       "Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray Hughes Price Sanders Myers "
       "Long Ross Foster O'Brien McDonald Schmidt Mueller Kowalski Olson Larson Sullivan O'Connor "
       "Fitzgerald Schneider Novak Hansen Lindqvist Van Buren MacLeod").split()
W_S = [s for s in W_S if s not in ("Van", "Buren")] + ["Van Buren", "St. John", "De Vries"]
B_M = ("James Michael Anthony Christopher William Robert DeShawn Jamal Darnell Tyrone Marcus "
       "Terrell Malik Andre Jermaine Darius Xavier Isaiah Elijah Jayden Jaylen Cameron Derrick "
       "Maurice Reginald Cedric Kendrick Demetrius Lamar Trevon Antoine Dwayne Jalen Kareem "
       "Rashad Tremaine Devonte Omari Javon Aiden Mason Jaden").split()
B_F = ("Mary Patricia Angela Aaliyah Imani Jasmine Keisha Latoya Tamika Ebony Shanice Destiny "
       "Diamond Kiara Nia Aliyah Jada Brianna Tiana Monique Tanisha Precious Ashanti Kayla Zoe "
       "Shaniqua Latasha Ayanna Janelle Dominique Tasha Alicia Kendra Deja Makayla Amari Kaylee").split()
B_S = ("Williams Johnson Smith Jones Brown Jackson Davis Thomas Harris Robinson Taylor Wilson Moore "
       "White Washington Jefferson Banks Booker Coleman Holmes Bell Freeman Mitchell Walker Green "
       "Lewis Young Allen King Simmons Jenkins Gaines Mosley Dorsey Battle Pierre Okafor Mensah").split()
H_M = ("José Juan Luis Carlos Jesús Miguel Antonio Francisco Jorge Alejandro Manuel Pedro Ricardo "
       "Roberto Fernando Eduardo Javier Alberto Sergio Raúl Daniel Diego Mateo Santiago Ángel Adrián "
       "Guillermo Ignacio Rafael Héctor Óscar Andrés Emiliano Leonardo Julio César Arturo Ramón "
       "Enrique Joaquín Gerardo Iker").split()
H_F = ("María Guadalupe Ana Rosa Carmen Juana Sofía Isabella Valentina Camila Daniela Gabriela "
       "Andrea Mariana Alejandra Verónica Patricia Elena Lucía Araceli Aracely Yesenia Xiomara "
       "Marisol Leticia Esperanza Concepción Dolores Ximena Fernanda Natalia Paola Yolanda "
       "Margarita Beatriz Claudia Adriana Itzel").split()
H_S = ("García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores "
       "Rivera Gómez Díaz Reyes Cruz Morales Ortiz Gutiérrez Chávez Ramos Ruiz Álvarez Mendoza "
       "Vásquez Castillo Jiménez Moreno Romero Herrera Medina Aguilar Vargas Guzmán Núñez Peña "
       "Delgado Contreras Sandoval Ibarra Villarreal Zamora").split() + ["De la Cruz", "De León"]
A_M = ("Wei Jun Hao Ming Minh Duc Anh Tuan Hung Raj Arjun Rahul Vikram Sanjay Amit Hiroshi Kenji "
       "Takeshi Jin Min-jun Ji-ho Sung Kevin David Daniel Eric Andrew Ryan Brian Jason Vivek Rohan "
       "Haruto Bao Long Thanh Jose Mark").split()
A_F = ("Mei Li Xin Yan Ling Thu Lan Hoa Linh Priya Anjali Deepa Sunita Kavya Aiko Yuki Sakura "
       "Ji-woo Seo-yeon Min-ji Grace Jennifer Michelle Christine Emily Amy Ananya Ngoc Trang Hui "
       "Jasmine Maria Angelica").split()
A_S = ("Nguyen Tran Le Pham Kim Lee Park Choi Wang Li Zhang Liu Chen Yang Huang Wu Lin Patel Shah "
       "Singh Kumar Gupta Reddy Tanaka Sato Suzuki Yamamoto Wong Chan Cheng Santos Bautista Hoang "
       "Vu Dang Desai Iyer Nakamura").split() + ["Dela Cruz"]
GROUPS = {  # group: (share, male, female, surnames). Shares ~ US 2020 census mix.
    "white": (0.59, W_M, W_F, W_S), "hispanic": (0.19, H_M, H_F, H_S),
    "black": (0.13, B_M, B_F, B_S), "asian": (0.07, A_M, A_F, A_S),
    "other": (0.02, W_M + B_M, W_F + H_F, W_S + B_S)}

NICK = {"William": ["Bill", "Will", "Billy", "Liam"], "Robert": ["Bob", "Rob", "Bobby"],
        "Richard": ["Rick", "Dick", "Rich"], "James": ["Jim", "Jimmy", "Jamie"],
        "John": ["Jack", "Johnny"], "Michael": ["Mike", "Mikey"], "Joseph": ["Joe", "Joey"],
        "Thomas": ["Tom", "Tommy"], "Charles": ["Charlie", "Chuck"], "Christopher": ["Chris"],
        "Daniel": ["Dan", "Danny"], "Matthew": ["Matt"], "Anthony": ["Tony"], "Steven": ["Steve"],
        "Andrew": ["Andy", "Drew"], "Joshua": ["Josh"], "Kenneth": ["Ken", "Kenny"],
        "Timothy": ["Tim"], "Ronald": ["Ron", "Ronnie"], "Edward": ["Ed", "Eddie", "Ted"],
        "Jeffrey": ["Jeff"], "Nicholas": ["Nick"], "Jonathan": ["Jon"], "Stephen": ["Steve"],
        "Lawrence": ["Larry"], "Benjamin": ["Ben"], "Samuel": ["Sam"], "Gregory": ["Greg"],
        "Alexander": ["Alex"], "Patrick": ["Pat"], "Gerald": ["Jerry"], "Zachary": ["Zach"],
        "Douglas": ["Doug"], "Raymond": ["Ray"], "Frederick": ["Fred"], "Donald": ["Don"],
        "Elizabeth": ["Liz", "Beth", "Betty", "Eliza"], "Margaret": ["Maggie", "Peggy", "Meg"],
        "Patricia": ["Pat", "Patty", "Trish"], "Jennifer": ["Jen", "Jenny"],
        "Katherine": ["Kate", "Kathy", "Katie"], "Catherine": ["Cathy", "Kate"],
        "Kimberly": ["Kim"], "Rebecca": ["Becky"], "Deborah": ["Debbie", "Deb"],
        "Susan": ["Sue", "Susie"], "Cynthia": ["Cindy"], "Samantha": ["Sam"],
        "Victoria": ["Vicky", "Tori"], "Christina": ["Tina", "Chris"], "Abigail": ["Abby"],
        "Jacqueline": ["Jackie"], "Pamela": ["Pam"], "Dorothy": ["Dot", "Dottie"],
        "Jessica": ["Jess"], "Stephanie": ["Steph"], "Amanda": ["Mandy"], "Judith": ["Judy"],
        "Virginia": ["Ginny"], "Kathleen": ["Kathy"], "Cheryl": ["Cher"], "Melissa": ["Missy"],
        "José": ["Pepe"], "Francisco": ["Paco", "Pancho"], "Guadalupe": ["Lupe"],
        "Jesús": ["Chuy"], "Guillermo": ["Memo"], "Ignacio": ["Nacho"], "Eduardo": ["Lalo"],
        "Alberto": ["Beto"], "Roberto": ["Beto"], "Antonio": ["Toño", "Tony"],
        "Concepción": ["Conchita", "Concha"], "Dolores": ["Lola"], "Alejandro": ["Alex"],
        "Alejandra": ["Alex"], "Manuel": ["Manny"], "Rafael": ["Rafa"], "Fernando": ["Nando"],
        "Daniela": ["Dani"], "Enrique": ["Kike"], "Demetrius": ["Meech"], "Reginald": ["Reggie"],
        "Jermaine": ["Maine"], "Tremaine": ["Trey"]}

# twin names: sound-alike / rhyme pairs (Plank 1964's 17% class), by sex combination
ALIKE_MM = [("Aiden", "Aidan"), ("Jayden", "Jaden"), ("Jalen", "Jaylen"), ("Tyler", "Taylor"),
            ("Mateo", "Matías"), ("Brayden", "Grayson"), ("Carter", "Cartier"),
            ("Hunter", "Gunner"), ("Logan", "Landon"), ("Colin", "Cody")]
ALIKE_FF = [("Kaylee", "Kayla"), ("Aracely", "Araceli"), ("Ella", "Emma"), ("Hailey", "Haley"),
            ("Katelyn", "Caitlin"), ("Madison", "Addison"), ("Ava", "Eva"), ("Mia", "Leah"),
            ("Jada", "Jayla"), ("Brianna", "Breanna")]
ALIKE_MF = [("Madison", "Mason"), ("Jayden", "Jayla"), ("Aiden", "Aria"), ("Dylan", "Delaney"),
            ("Carlos", "Carla"), ("Daniel", "Daniela"), ("Adrián", "Adriana"), ("Julian", "Julia"),
            ("Eric", "Erica"), ("Paul", "Paula")]
FAKE_GIVEN = ["Test", "Unknown", "Patient", "John", "Jane", "Baby", "Unk", "Doe"]
FAKE_FAMILY = ["Test", "Unknown", "Patient", "Doe", "Zzztest", "Unk"]

# ----------------------------------------------------------------------------- places
CITIES = [  # city, state, zip prefix (3), area codes, weight, SSN area range (pre-2011)
    ("Houston", "TX", "770", ["713", "832"], 8), ("San Antonio", "TX", "782", ["210"], 5),
    ("Dallas", "TX", "752", ["214", "469"], 5), ("El Paso", "TX", "799", ["915"], 2),
    ("Los Angeles", "CA", "900", ["213", "323"], 8), ("Fresno", "CA", "937", ["559"], 2),
    ("San Jose", "CA", "951", ["408"], 3), ("Chicago", "IL", "606", ["312", "773"], 6),
    ("Springfield", "IL", "627", ["217"], 1), ("Bronx", "NY", "104", ["718", "347"], 4),
    ("Brooklyn", "NY", "112", ["718", "929"], 5), ("Atlanta", "GA", "303", ["404", "470"], 4),
    ("Savannah", "GA", "314", ["912"], 1), ("Miami", "FL", "331", ["305", "786"], 4),
    ("Orlando", "FL", "328", ["407"], 3), ("Phoenix", "AZ", "850", ["602", "480"], 4),
    ("Seattle", "WA", "981", ["206"], 2), ("Detroit", "MI", "482", ["313"], 2),
    ("Charlotte", "NC", "282", ["704", "980"], 2), ("Columbus", "OH", "432", ["614"], 2)]
SSN_AREA = {"TX": (449, 467), "CA": (545, 573), "IL": (318, 361), "NY": (50, 134),
            "GA": (252, 260), "FL": (261, 267), "AZ": (526, 527), "WA": (531, 539),
            "MI": (362, 386), "NC": (237, 246), "OH": (268, 302)}
STREETS = ("Main Oak Maple Cedar Pine Elm Washington Lake Hill Park Sunset Lincoln Jackson Church "
           "Willow Highland Meadow Forest Ridge River Spring Valley Mill Center Adams Franklin "
           "Madison Jefferson Lakeview Magnolia Pecan Cypress Rosewood Fairview Chestnut Walnut "
           "Hickory Dogwood Birch Evergreen Cherry Johnson Kennedy Martin Luther King Cesar Chavez "
           "Broadway Central Mission Alameda Colonial Orchard Harbor Canyon Mesa").split()
ST_TYPES = [("St", "Street"), ("Ave", "Avenue"), ("Rd", "Road"), ("Dr", "Drive"), ("Ln", "Lane"),
            ("Blvd", "Boulevard"), ("Ct", "Court"), ("Way", "Way"), ("Pl", "Place")]
EMAIL_DOM = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com",
             "comcast.net", "att.net"]

# ----------------------------------------------------------------------------- rates
RATES = {
    "normal": dict(typo=0.020, ocr=0.006, phonetic=0.010, nickname=0.05, date_swap=0.006,
                   dob_year=0.005, dob_digit=0.004, blank=0.030, copy_dob=0.004, copy_phone=0.025,
                   child_parent_ssn=0.04, name_swap=0.004, fake=0.003, ssn_typo=0.010,
                   sex_wrong=0.003, zip_typo=0.005, dup=0.035, maiden_use=0.20, stale_addr=0.35,
                   twin_mrn=0.08, baby_mrn=0.05, placeholder=0.55),
    "high": dict(typo=0.040, ocr=0.012, phonetic=0.020, nickname=0.08, date_swap=0.012,
                 dob_year=0.010, dob_digit=0.008, blank=0.060, copy_dob=0.008, copy_phone=0.045,
                 child_parent_ssn=0.07, name_swap=0.010, fake=0.006, ssn_typo=0.020,
                 sex_wrong=0.006, zip_typo=0.010, dup=0.08, maiden_use=0.30, stale_addr=0.45,
                 twin_mrn=0.15, baby_mrn=0.10, placeholder=0.65)}
SOURCES = ["hospital", "clinic", "lab", "payer", "pharmacy"]
SRC_W = {"hospital": 0.62, "clinic": 0.55, "lab": 0.40, "payer": 0.50, "pharmacy": 0.43}
# capture (not noise, untagged): P(field recorded | known)
CAP = {  # ssn_adult, ssn_child, email, middle_full, middle_initial, mmn, phone
    "hospital": (0.75, 0.45, 0.55, 0.65, 0.20, 0.40, 0.95),
    "clinic":   (0.60, 0.35, 0.65, 0.45, 0.30, 0.10, 0.95),
    "lab":      (0.35, 0.15, 0.15, 0.00, 0.55, 0.02, 0.70),
    "payer":    (0.92, 0.80, 0.70, 0.55, 0.30, 0.15, 0.85),
    "pharmacy": (0.40, 0.15, 0.40, 0.00, 0.35, 0.02, 0.97)}
N_SOURCES_P = [(1, 0.25), (2, 0.35), (3, 0.25), (4, 0.15)]  # mean 2.30

KEYB = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
NEIGH = {}
for r, row in enumerate(KEYB):
    for c, ch in enumerate(row):
        n = []
        for dr in (-1, 0, 1):
            rr = r + dr
            if 0 <= rr < 3:
                for dc in (-1, 0, 1):
                    cc = c + dc
                    if (dr or dc) and 0 <= cc < len(KEYB[rr]):
                        n.append(KEYB[rr][cc])
        NEIGH[ch] = n
OCR = [("m", "rn"), ("rn", "m"), ("cl", "d"), ("d", "cl"), ("l", "1"), ("I", "l"), ("O", "0"),
       ("o", "0"), ("S", "5"), ("B", "8"), ("e", "c"), ("h", "b"), ("u", "v"), ("n", "ri"),
       ("g", "q"), ("i", "l")]
PHON = [("ph", "f"), ("f", "ph"), ("ck", "k"), ("c", "k"), ("k", "c"), ("y", "i"), ("i", "y"),
        ("ie", "y"), ("ee", "ea"), ("s", "z"), ("z", "s"), ("th", "t"), ("gh", ""), ("ll", "l"),
        ("l", "ll"), ("nn", "n"), ("tt", "t"), ("v", "b"), ("b", "v"), ("ou", "ow"), ("ei", "ie"),
        ("x", "ks"), ("qu", "kw"), ("j", "h"), ("an", "en"), ("ai", "ay"), ("son", "sen")]


def strip_acc(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


class Person:
    __slots__ = ("eid", "hid", "given", "middle", "family", "birth_family", "suffix", "dob",
                 "sex", "ssn", "mobile", "email", "grp", "mmn", "mb", "rel", "mother", "father",
                 "spouse", "name_change", "sibs", "ssn_issue")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))
        if self.rel is None:
            self.rel = set()
        if self.sibs is None:
            self.sibs = []


class Gen:
    def __init__(self, n, seed, rates):
        self.R = random.Random(seed)
        self.n = n
        self.rt = RATES[rates]
        self.people, self.households = [], {}
        self.twin_sets = []
        self.used_ssn = set()
        self.used_phone = set()
        self.mrn_used = defaultdict(set)
        self.payer_base = {}
        self.jr_fathers = set()
        self.generational = []  # (father, son) pairs of one name

    # ------------------------------------------------------------------ helpers
    def wpick(self, items, weights=None):
        if weights is None:
            # Zipf-like popularity over list order
            weights = [1.0 / (i + 3) for i in range(len(items))]
        return self.R.choices(items, weights)[0]

    def grp(self):
        g = list(GROUPS)
        return self.R.choices(g, [GROUPS[k][0] for k in g])[0]

    def given(self, grp, sex, avoid=()):
        lst = GROUPS[grp][1] if sex == "male" else GROUPS[grp][2]
        for _ in range(20):
            n = self.wpick(lst)
            if n not in avoid:
                return n
        return n

    def middle(self, grp, sex, given):
        if self.R.random() < 0.08:
            return ""
        if grp == "hispanic" and sex == "female" and self.R.random() < 0.3:
            return self.R.choice(["Guadalupe", "María", "del Carmen", "Isabel", "de Jesús"])
        if grp == "asian" and self.R.random() < 0.4:
            return self.given(grp, sex, (given,))
        return self.given(grp if self.R.random() < 0.6 else "white", sex, (given,))

    def surname(self, grp):
        return self.wpick(GROUPS[grp][3])

    def dob_for_age(self, lo, hi):
        age_days = self.R.randint(int(lo * 365.25), int(hi * 365.25) + 364)
        return TODAY - dt.timedelta(days=age_days)

    def age(self, d):
        return (TODAY - d).days / 365.25

    def phone(self, city):
        while True:
            p = self.R.choice(city[3]) + str(self.R.randint(2, 9)) + "%02d" % self.R.randint(0, 99) \
                + "%04d" % self.R.randint(0, 9999)
            if p[3:6] != "555" and p not in self.used_phone:
                self.used_phone.add(p)
                return p

    def email(self, p):
        g, f = strip_acc(p.given).lower(), strip_acc(p.family).lower().replace(" ", "").replace("'", "")
        form = self.R.randint(0, 3)
        loc = [g + "." + f, g[0] + f, g + f + str(self.R.randint(1, 99)),
               g + str(p.dob.year % 100 if p.dob else 1)][form]
        return loc.replace("-", "") + "@" + self.R.choice(EMAIL_DOM)

    def new_person(self, hid, grp, sex, dob, family, **kw):
        p = Person(eid="P%06d" % (len(self.people) + 1), hid=hid, grp=grp, sex=sex, dob=dob,
                   family=family, birth_family=family, suffix="", **kw)
        if p.given is None:
            p.given = self.given(grp, sex)
        if p.middle is None:
            p.middle = self.middle(grp, sex, p.given)
        self.people.append(p)
        return p

    # ------------------------------------------------------------------ SSN
    def valid_random_ssn(self):
        while True:
            a = self.R.randint(1, 899)
            if a == 666:
                continue
            s = "%03d%02d%04d" % (a, self.R.randint(1, 99), self.R.randint(1, 9999))
            if s not in self.used_ssn:
                return s

    def geo_ssn_block(self, state, k):
        lo, hi = SSN_AREA.get(state, (1, 665))
        while True:
            base = "%03d%02d" % (self.R.randint(lo, hi), self.R.randint(1, 99))
            ser = self.R.randint(1, 9999 - k)
            block = [base + "%04d" % (ser + i) for i in range(k)]
            if not any(b in self.used_ssn for b in block):
                return block

    def assign_ssns(self, members, state):
        """Pre-2011 numbers follow state and are consecutive for family members applying
        together (children born 1970-86 applying at the 1987 dependant-SSN rule; multiples via
        enumeration at birth); numbers issued from 25 June 2011 are random."""
        cutoff = dt.date(2011, 6, 25)
        batch = []
        for p in members:
            r = self.R.random()
            if r < (0.025 if self.age(p.dob) >= 18 else 0.03):
                p.ssn = ""  # no SSN (not yet issued / not eligible)
                continue
            if p.dob.year >= 1987:
                issue = p.dob + dt.timedelta(days=self.R.randint(20, 120))
            elif p.dob.year >= 1970 and p.father is not None or p.dob.year >= 1970 and p.mother is not None:
                issue = dt.date(1987, self.R.randint(1, 12), 1)
            else:
                issue = p.dob + dt.timedelta(days=int(365.25 * self.R.uniform(14, 22)))
            if self.R.random() < 0.06 and self.age(p.dob) >= 18:  # later immigrants etc.
                issue = TODAY - dt.timedelta(days=self.R.randint(100, 9000))
            if issue > TODAY:
                p.ssn = ""
                continue
            p.ssn_issue = issue
            if issue >= cutoff:
                p.ssn = self.valid_random_ssn()
                self.used_ssn.add(p.ssn)
            else:
                batch.append(p)
        # group pre-2011 issues: by (issue year) among children of the household, and multiples
        groups = defaultdict(list)
        for p in batch:
            key = ("solo", p.eid)
            if p.mb and p.dob.year >= 1987 and self.R.random() < 0.75:
                key = ("mb", p.dob)
            elif p.ssn_issue.year == 1987 and p.dob.year < 1987:
                key = ("1987", None)
            groups[key].append(p)
        for key, ps in groups.items():
            ps.sort(key=lambda q: (q.dob, q.mb or 0))
            block = self.geo_ssn_block(state, len(ps))
            for p, s in zip(ps, block):
                p.ssn = s
                self.used_ssn.add(s)

    # ------------------------------------------------------------------ households
    def make_children(self, hid, grp, family, mother, father, n_deliv, mother_age_now, kid_grp=None):
        kids = []
        dates = []
        for _ in range(n_deliv):
            ma = self.R.uniform(18, min(43, mother_age_now))
            age_now = mother_age_now - ma
            if age_now < 0:
                continue
            dates.append(age_now)
        dates.sort(reverse=True)
        last = None
        for age_now in dates:
            if last is not None and last - age_now < 1.1:
                age_now = max(0.0, last - self.R.uniform(1.1, 3.5))
                if age_now <= 0:
                    age_now = self.R.uniform(0, 0.9)
            last = age_now
            dob = TODAY - dt.timedelta(days=int(age_now * 365.25))
            r = self.R.random()
            nb = 3 if r < 0.0005 else 2 if r < 0.0005 + 0.0158 else 1
            kids.append(self.birth(hid, kid_grp or grp, family, mother, father, dob, nb))
        allk = [k for ks in kids for k in ks]
        for par in (mother, father):
            if par is not None and allk:
                par.rel.add("parent-child")
        for k in allk:
            k.sibs = [o for o in allk if o is not k]
            if k.sibs:
                k.rel.add("sibling")
        return allk

    def birth(self, hid, grp, family, mother, father, dob, nb):
        mmn = mother.birth_family if mother else self.surname(grp)
        sexes = []
        if nb == 1:
            sexes = ["male" if self.R.random() < 0.512 else "female"]
        elif nb == 2:
            r = self.R.random()  # MZ ~22%, same-sex DZ ~39%, opposite-sex ~39% (Rhea et al.)
            if r < 0.61:
                s = self.R.choice(["male", "female"])
                sexes = [s, s]
            else:
                sexes = ["male", "female"]
                self.R.shuffle(sexes)
        else:
            sexes = [self.R.choice(["male", "female"]) for _ in range(3)]
        names = self.multiple_names(grp, sexes)
        out = []
        for i, (s, nm) in enumerate(zip(sexes, names)):
            p = self.new_person(hid, grp, s, dob, family, given=nm, mmn=mmn,
                                mb=(i + 1) if nb > 1 else None, mother=mother, father=father)
            if mother or father:
                p.rel.add("parent-child")
            out.append(p)
        # Jr: ~3% of boys (Illinois vital records), only first singleton/first boy
        if father and father.family == family and father.eid not in self.jr_fathers:
            for p in out:
                if p.sex == "male" and self.R.random() < 0.03:
                    p.given, p.middle = father.given, father.middle
                    if father.suffix == "Jr":
                        p.suffix = "III"
                    else:
                        p.suffix = "Jr"
                        if not father.suffix:
                            father.suffix = "Sr"
                    p.rel.add("generational")
                    father.rel.add("generational")
                    self.jr_fathers.add(father.eid)
                    self.generational.append((father, p))
                    break
        if mother:
            for p in out:
                if p.sex == "female" and nb == 1 and self.R.random() < 0.01:
                    p.given = mother.given  # daughter named after mother
        if nb > 1:
            tag = "twin" if nb == 2 else "triplet"
            for p in out:
                p.rel.add(tag)
                p.rel.add("sibling")
            for p in out:
                p.sibs = [o for o in out if o is not p]
            self.twin_sets.append(out)
        return out

    def multiple_names(self, grp, sexes):
        if len(sexes) == 1:
            return [self.given(grp, sexes[0])]
        r = self.R.random()
        names = []
        if len(sexes) == 2 and 0.62 <= r < 0.79:  # sound-alike / rhyme
            key = tuple(sorted(sexes))
            if key == ("male", "male"):
                a, b = self.R.choice(ALIKE_MM)
                names = [a, b]
            elif key == ("female", "female"):
                a, b = self.R.choice(ALIKE_FF)
                names = [a, b]
            else:
                a, b = self.R.choice(ALIKE_MF)
                if (a, b) == ("Madison", "Mason"):
                    fm = {"female": a, "male": b}
                else:
                    fm = {"male": a, "female": b}
                names = [fm[s] for s in sexes]
            if self.R.random() < 0.5:
                names.reverse() if sexes[0] == sexes[1] else None
            return names
        first = self.given(grp, sexes[0])
        names = [first]
        for s in sexes[1:]:
            if r < 0.62:  # same initial, different name
                pool = [n for n in (GROUPS[grp][1] if s == "male" else GROUPS[grp][2])
                        + (W_M if s == "male" else W_F) if n[0] == first[0] and n not in names]
                names.append(self.R.choice(pool) if pool else self.given(grp, s, names))
            else:
                names.append(self.given(grp, s, names + [n for n in (W_M + W_F) if n[0] == first[0]]))
        return names

    def new_household(self, single=False):
        hid = "H%05d" % (len(self.households) + 1)
        R = self.R
        grp = self.grp()
        city = self.R.choices(CITIES, [c[4] for c in CITIES])[0]
        addr = self.address()
        old = None
        if R.random() < 0.14:  # moved in the last ~1.5 years (CPS mover rate 8.4-9.3 %/yr)
            old = (self.address(), city if R.random() < 0.8 else R.choice(CITIES))
        h = dict(hid=hid, city=city, addr=addr, old=old, zip=city[2] + "%02d" % R.randint(1, 99),
                 landline=self.phone(city) if R.random() < 0.28 else "", members=[])
        if old:
            h["old_zip"] = old[1][2] + "%02d" % R.randint(1, 99)
        self.households[hid] = h
        t = R.choices(["single", "couple", "couple_kids", "single_parent", "multigen", "roommates"],
                      [0.25, 0.25, 0.21, 0.09, 0.06, 0.065])[0]
        if single:
            t = "single"
        M = h["members"]
        if t == "single":
            sex = R.choice(["male", "female"])
            M.append(self.new_person(hid, grp, sex, self.dob_for_age(18, 92), self.surname(grp)))
        elif t == "roommates":
            for _ in range(R.choices([2, 3, 4], [0.6, 0.3, 0.1])[0]):
                g = self.grp()
                M.append(self.new_person(hid, g, R.choice(["male", "female"]),
                                         self.dob_for_age(19, 40), self.surname(g)))
        elif t in ("couple", "couple_kids", "multigen"):
            lo, hi = {"couple": (20, 88), "couple_kids": (24, 52), "multigen": (30, 50)}[t]
            hus, wife = self.couple(hid, grp, lo, hi)
            M += [hus, wife]
            if t == "couple_kids" or t == "multigen":
                nd = R.choices([1, 2, 3, 4], [0.40, 0.38, 0.16, 0.06])[0]
                kid_grp = grp if wife.grp == hus.grp else R.choice([wife.grp, hus.grp])
                M += self.make_children(hid, grp, hus.family, wife, hus, nd,
                                        self.age(wife.dob), kid_grp)
            if t == "multigen":  # a grandparent (or two) of one spouse
                side = R.choice([hus, wife])
                ga = self.age(side.dob)
                gm = self.new_person(hid, side.grp, "female",
                                     self.dob_for_age(ga + 20, min(ga + 40, 99)),
                                     side.birth_family)
                gm.rel.add("parent-child")
                side.rel.add("parent-child")
                side.mother = gm
                side.mmn = gm.birth_family = self.surname(side.grp)
                gm.name_change = "took"
                M.append(gm)
                if R.random() < 0.35:
                    gf = self.new_person(hid, side.grp, "male", self.dob_for_age(self.age(gm.dob), self.age(gm.dob) + 6), side.birth_family)
                    gf.rel |= {"parent-child", "spouse"}
                    gm.rel.add("spouse")
                    gm.spouse, gf.spouse = gf, gm
                    side.father = gf
                    if side.sex == "male" and R.random() < 0.05:
                        side.given, side.middle = gf.given, gf.middle
                        side.suffix, gf.suffix = "Jr", "Sr"
                        side.rel.add("generational")
                        gf.rel.add("generational")
                    M.append(gf)
        else:  # single parent
            sex = "female" if R.random() < 0.8 else "male"
            par = self.new_person(hid, grp, sex, self.dob_for_age(22, 50), self.surname(grp))
            M.append(par)
            nd = R.choices([1, 2, 3], [0.5, 0.35, 0.15])[0]
            kids = self.make_children(hid, grp, par.family, par if sex == "female" else None,
                                      par if sex == "male" else None, nd,
                                      self.age(par.dob) if sex == "female" else self.age(par.dob) - 2)
            if kids:
                par.rel.add("parent-child")
            M += kids
        for p in M:
            if p.mmn is None:
                p.mmn = self.surname(p.grp)
            if self.age(p.dob) >= 13 and (self.age(p.dob) >= 18 or R.random() < 0.6):
                p.mobile = self.phone(city) if R.random() < 0.97 else ""
            else:
                p.mobile = ""
            p.email = self.email(p) if self.age(p.dob) >= 16 and R.random() < 0.75 else ""
        # adult twin living elsewhere (twin rate ~3.1% of births)
        adults = [p for p in M if self.age(p.dob) >= 18 and not p.mb and p.mother is None
                  and "generational" not in p.rel and p.name_change is None]
        for p in adults:
            if R.random() < 0.012 and len(self.people) < self.n - 14:
                self.pending_twin = p
        self.assign_ssns(M, city[1])
        return h

    def couple(self, hid, grp, lo, hi):
        R = self.R
        hus = self.new_person(hid, grp, "male", self.dob_for_age(lo + 1, hi + 2), self.surname(grp))
        wgrp = grp if R.random() < 0.88 else self.grp()
        wdob = hus.dob + dt.timedelta(days=int(365.25 * R.gauss(2.0, 3.0)))
        if wdob > TODAY - dt.timedelta(days=365 * 19):
            wdob = TODAY - dt.timedelta(days=365 * 19 + R.randint(0, 900))
        wife = self.new_person(hid, wgrp, "female", wdob, self.surname(wgrp))
        married = R.random() < 0.85
        if married:
            hus.rel.add("spouse")
            wife.rel.add("spouse")
            hus.spouse, wife.spouse = wife, hus
            r = R.random()  # Pew 2023: 79% took husband's name, 5% hyphenated, 14% kept
            if wgrp == "hispanic" and r < 0.30:
                r = 0.95
            if r < 0.79:
                wife.family = hus.family
                wife.name_change = "took"
            elif r < 0.84:
                wife.family = wife.birth_family + "-" + hus.family
                wife.name_change = "hyphen"
        return hus, wife

    def address(self):
        R = self.R
        st = R.choice(STREETS)
        typ = R.choice(ST_TYPES)
        num = str(R.choice([R.randint(1, 999), R.randint(100, 9999), R.randint(1000, 29999)]))
        pre = R.choice(["", "", "", "N ", "S ", "E ", "W "])
        unit = ""
        if R.random() < 0.25:
            unit = R.choice(["Apt ", "Unit ", "#"]) + str(R.randint(1, 40)) + R.choice(["", "", "A", "B"])
        return (num, pre, st, typ, unit)

    def build(self):
        self.pending_twin = None
        while len(self.people) < self.n:
            if self.pending_twin is not None:
                self.place_adult_twin(self.pending_twin)
                self.pending_twin = None
                continue
            self.new_household(single=self.n - len(self.people) < 14)
        assert len(self.people) == self.n

    def place_adult_twin(self, p):
        """Co-twin living in another household (single adult): same DOB, birth surname, MMN."""
        R = self.R
        hid = "H%05d" % (len(self.households) + 1)
        city = R.choices(CITIES, [c[4] for c in CITIES])[0] if R.random() < 0.5 else \
            self.households[p.hid]["city"]
        sex = p.sex if R.random() < 0.61 else ("female" if p.sex == "male" else "male")
        names = self.multiple_names(p.grp, [p.sex, sex])
        if names[0] == names[1]:
            names[1] = self.given(p.grp, sex, (names[0],))
        if names[0] != p.given:  # rename the first twin so the pair follows Plank's classes
            p.given = names[0]
            if p.email:
                p.email = self.email(p)
        nm = names[1]
        t = self.new_person(hid, p.grp, sex, p.dob, p.birth_family, given=nm, mmn=p.mmn, mb=2)
        p.mb = 1
        for q in (p, t):
            q.rel |= {"twin", "sibling"}
        p.sibs.append(t)
        t.sibs.append(p)
        self.twin_sets.append([p, t])
        t.mobile = self.phone(city)
        t.email = self.email(t) if R.random() < 0.75 else ""
        h = dict(hid=hid, city=city, addr=self.address(), old=None,
                 zip=city[2] + "%02d" % R.randint(1, 99), landline="", members=[t])
        self.households[hid] = h
        if p.ssn and p.ssn_issue and p.ssn_issue < dt.date(2011, 6, 25) and R.random() < 0.5:
            s = p.ssn[:5] + "%04d" % ((int(p.ssn[5:]) % 9999) + 1)
            t.ssn = s if s not in self.used_ssn else self.valid_random_ssn()
        else:
            t.ssn = self.valid_random_ssn()
        self.used_ssn.add(t.ssn)

    # ------------------------------------------------------------------ records
    def mrn(self, src, p):
        R = self.R
        while True:
            if src == "hospital":
                m = "H%08d" % R.randint(1, 99999999)
            elif src == "clinic":
                m = "CLN-%06d" % R.randint(1, 999999)
            elif src == "lab":
                m = "".join(R.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
            elif src == "payer":
                h = p.hid
                if h not in self.payer_base:
                    self.payer_base[h] = ["W%09d" % R.randint(1, 999999999), 0]
                self.payer_base[h][1] += 1
                m = "%s-%02d" % (self.payer_base[h][0], self.payer_base[h][1])
            else:
                m = "RX%07d" % R.randint(1, 9999999)
            if m not in self.mrn_used[src]:
                self.mrn_used[src].add(m)
                return m

    def registrations(self):
        R = self.R
        recs = []
        for p in self.people:
            k = R.choices([a for a, _ in N_SOURCES_P], [b for _, b in N_SOURCES_P])[0]
            srcs = []
            pool = list(SOURCES)
            while len(srcs) < k:
                s = R.choices(pool, [SRC_W[x] for x in pool])[0]
                pool.remove(s)
                srcs.append(s)
            for s in srcs:
                recs.append(self.record(p, s, self.mrn(s, p), set()))
                if R.random() < self.rt["dup"]:
                    recs.append(self.record(p, s, self.mrn(s, p), {"same-source"}))
        # deliberate MRN reuse
        bykey = defaultdict(list)
        for r in recs:
            bykey[(r["source"], r["entity_id"])].append(r)
        ppl = {p.eid: p for p in self.people}
        for ts in self.twin_sets:
            for s in ("hospital", "clinic"):
                rs = [bykey.get((s, t.eid)) for t in ts]
                if all(rs) and R.random() < self.rt["twin_mrn"]:
                    m = rs[0][0]["source_id"]
                    for rr in rs:
                        rr[0]["source_id"] = m
                        rr[0]["_tags"].add("shared-mrn")
                    rs[1][0]["_tags"].add("id-of:" + ts[0].eid)
        for p in self.people:
            if p.mother is not None and self.age(p.dob) < 1:
                a, b = bykey.get(("hospital", p.eid)), bykey.get(("hospital", p.mother.eid))
                if a and b and R.random() < self.rt["baby_mrn"]:
                    a[0]["source_id"] = b[0]["source_id"]
                    a[0]["_tags"].add("shared-mrn")
                    b[0]["_tags"].add("shared-mrn")
                    a[0]["_tags"].add("id-of:" + p.mother.eid)
        return recs

    def record(self, p, src, mrn, tags):
        R, rt = self.R, self.rt
        h = self.households[p.hid]
        tags = set(tags) | (p.rel & {"twin", "triplet", "parent-child", "generational", "sibling",
                                      "spouse"})
        age = self.age(p.dob)
        child = age < 18
        cap = CAP[src]
        given, middle, family, suffix = p.given, p.middle, p.family, p.suffix
        # name change: record kept under maiden name at some sources
        if p.name_change and R.random() < rt["maiden_use"]:
            family = p.birth_family
            tags.add("married-name")
        elif p.name_change == "hyphen" and R.random() < 0.3:
            family = R.choice([p.family.replace("-", " "), p.family.split("-")[-1]])
            tags.add("married-name")
        if suffix and R.random() < 0.45:
            suffix = ""  # suffix present on some records only
        # middle name capture
        if middle:
            r = R.random()
            if r < cap[3]:
                pass
            elif r < cap[3] + cap[4]:
                middle = middle[0]
            else:
                middle = ""
        mb = ""
        if p.mb and R.random() < {"hospital": 0.7, "clinic": 0.35, "payer": 0.2}.get(src, 0.08):
            mb = str(p.mb)
        # newborn placeholder names (delivery admission)
        if (age < 1.0 or (p.mb and age < 2.0)) and src in ("hospital", "clinic", "lab") and R.random() < rt["placeholder"] * (1 if src == "hospital" else 0.4):
            g = "Girl" if p.sex == "female" else "Boy"
            mom = p.mother.given if p.mother else ""
            forms = ["Baby " + g, "Baby" + g.lower(), "Baby", (mom + "s" + g.lower()) if mom else "Baby " + g]
            if p.mb:
                forms += ["Twin " + "ABC"[p.mb - 1], "Baby " + g + " " + "ABC"[p.mb - 1],
                          (str(p.mb) + mom + "s" + g.lower()) if mom else "Twin " + "ABC"[p.mb - 1]]
                if R.random() < 0.6:
                    forms = forms[-3:]
            given = R.choice(forms)
            middle = ""
            tags.add("newborn-placeholder")
        # address
        if h["old"] and R.random() < rt["stale_addr"]:
            a, city, zp = h["old"][0], h["old"][1], h["old_zip"]
            tags.add("moved")
        else:
            a, city, zp = h["addr"], h["city"], h["zip"]
        num, pre, st, typ, unit = a
        long_t = src in ("hospital", "payer") and R.random() < 0.5
        addr = "%s %s%s %s" % (num, pre, st, typ[1] if long_t else typ[0])
        if unit:
            addr += " " + (unit if R.random() < 0.85 else "")
        addr = addr.strip()
        # phone
        if p.mobile:
            phone = p.mobile if not h["landline"] or R.random() < 0.7 else h["landline"]
        else:
            par = [x for x in (p.mother, p.father) if x is not None and x.mobile]
            adults = [x for x in h["members"] if self.age(x.dob) >= 18 and x.mobile]
            phone = (par[0].mobile if par else adults[0].mobile if adults else h["landline"])
        if R.random() > cap[6]:
            phone = ""
        email = p.email if R.random() < cap[2] else ""
        if child and not email and R.random() < 0.25:
            par = [x for x in (p.mother, p.father) if x is not None and x.email]
            email = par[0].email if par else ""
        ssn = p.ssn if p.ssn and R.random() < (cap[1] if child else cap[0]) else ""
        mmn = p.mmn if R.random() < cap[5] else ""
        dob, sex = p.dob, p.sex
        other = []
        if src == "payer":
            if R.random() < (0.40 if child else 0.18):
                other.append("medicaid|%s%09d" % (h["city"][1], int(p.eid[1:]) * 7919 % 1000000000))
        if src == "hospital" and not child and R.random() < 0.2:
            other.append("dl|%s:%s%07d" % (h["city"][1], (p.birth_family or "X")[0].upper(),
                                            int(p.eid[1:]) * 104729 % 10000000))
        if src == "pharmacy" and R.random() < 0.3:
            other.append("rxbin|%06d" % R.randint(1, 999999))

        # ------------------------------------------------ noise
        hh = [x for x in h["members"] if x is not p]
        if R.random() < rt["nickname"] and given in NICK:
            given = R.choice(NICK[given])
            tags.add("nickname")
        for kind in ("typo", "ocr", "phonetic"):
            if R.random() < rt[kind]:
                fld = R.choices(["g", "f", "m"], [0.45, 0.45, 0.10])[0]
                v = {"g": given, "f": family, "m": middle}[fld]
                if len(v) >= 3:
                    nv = {"typo": self.typo, "ocr": self.ocr, "phonetic": self.phonetic}[kind](v)
                    if nv != v:
                        if fld == "g":
                            given = nv
                        elif fld == "f":
                            family = nv
                        else:
                            middle = nv
                        tags.add("typo")
        if R.random() < rt["date_swap"] and dob.day <= 12 and dob.day != dob.month:
            dob = dt.date(dob.year, dob.day, dob.month)
            tags.add("date-swap")
        if R.random() < rt["dob_year"]:
            try:
                dob = dob.replace(year=dob.year + R.choice([-1, 1]))
                tags.add("typo")
            except ValueError:
                pass
        if R.random() < rt["dob_digit"]:
            nd = self.dob_digit(dob)
            if nd and nd != dob:
                dob = nd
                tags.add("typo")
        if R.random() < rt["copy_dob"] * 2:
            cands = [x for x in hh if x.dob != p.dob and abs(self.age(x.dob) - age) < 15]
            if cands:
                dob = R.choice(cands).dob
                tags.add("copied-from-household")
        if R.random() < rt["copy_phone"]:
            cands = [x.mobile for x in hh if x.mobile and x.mobile != phone]
            if cands:
                phone = R.choice(cands)
                tags.add("copied-from-household")
        if child and R.random() < rt["child_parent_ssn"] * 2:
            par = [x for x in (p.mother, p.father) if x is not None and x.ssn]
            if par and R.random() < 0.5:
                ssn = par[0].ssn
                tags.add("shared-ssn")
                tags.add("id-of:" + par[0].eid)
        if ssn and "shared-ssn" not in tags and R.random() < rt["ssn_typo"]:
            ssn = self.ssn_typo(ssn)
            tags.add("ssn-typo")
        if R.random() < rt["sex_wrong"]:
            sex = "female" if sex == "male" else "male"
            tags.add("typo")
        if R.random() < rt["zip_typo"]:
            i = R.choice([2, 3, 4, 4])
            zp = zp[:i] + str((int(zp[i]) + R.randint(1, 9)) % 10) + zp[i + 1:]
            tags.add("typo")
        if R.random() < rt["name_swap"]:
            given, family = family, given
            tags.add("name-swap")
        if R.random() < rt["fake"]:
            if R.random() < 0.7:
                given = R.choice(FAKE_GIVEN)
            else:
                family = R.choice(FAKE_FAMILY)
            tags.add("fake-name")
        sdob = dob.isoformat()
        flds = {"middle": middle, "dob": sdob, "sex": sex, "ssn": ssn, "phone": phone,
                "email": email, "addr": addr}
        if R.random() < rt["blank"]:
            present = [k for k, v in flds.items() if v]
            if present:
                k = R.choices(present, [{"middle": 3, "phone": 3, "email": 2, "addr": 1.5,
                                         "ssn": 1.5, "dob": 0.5, "sex": 0.5}[x] for x in present])[0]
                flds[k] = ""
                tags.add("blank")
                if k == "addr":
                    city_s, zp = "", ""
        # source formatting conventions (untagged)
        row = dict(source=src, source_id=mrn, given_name=given, middle_name=flds["middle"],
                   family_name=family, suffix=suffix, birth_date=flds["dob"], sex=flds["sex"],
                   ssn=flds["ssn"], phone=flds["phone"], email=flds["email"],
                   address_line=flds["addr"], city=city[0] if flds["addr"] else "",
                   state=city[1] if flds["addr"] else "", postal_code=zp if flds["addr"] else "",
                   mothers_maiden_name=mmn, multiple_birth=mb, other_identifiers=";".join(other),
                   entity_id=p.eid, household_id=p.hid)
        if src in ("lab", "payer"):
            for k in ("given_name", "middle_name", "family_name", "address_line", "city",
                      "mothers_maiden_name"):
                row[k] = strip_acc(row[k])
        if src == "lab":
            for k in ("given_name", "middle_name", "family_name", "suffix", "address_line", "city",
                      "mothers_maiden_name"):
                row[k] = row[k].upper()
        if src == "pharmacy" and row["phone"]:
            ph = row["phone"]
            row["phone"] = "(%s) %s-%s" % (ph[:3], ph[3:6], ph[6:])
        if suffix and src == "clinic":
            row["suffix"] = suffix + ("." if suffix in ("Jr", "Sr") else "")
        row["_tags"] = tags
        return row

    # ------------------------------------------------------------------ error helpers
    def typo(self, v):
        R = self.R
        i = R.randrange(len(v))
        c = v[i].lower()
        op = R.random()
        if op < 0.15 and i < len(v) - 1:
            return v[:i] + v[i + 1] + v[i] + v[i + 2:]
        if op < 0.25:
            return v[:i] + v[i + 1:] if len(v) > 3 else v
        if c in NEIGH:
            n = R.choice(NEIGH[c])
            n = n.upper() if v[i].isupper() else n
            return v[:i] + n + v[i:] if op < 0.34 else v[:i] + n + v[i + 1:]
        return v

    def ocr(self, v):
        opts = [(a, b) for a, b in OCR if a in v]
        if not opts:
            return v
        a, b = self.R.choice(opts)
        return v.replace(a, b, 1)

    def phonetic(self, v):
        low = v.lower()
        opts = [(a, b) for a, b in PHON if a in low[1:]]
        if not opts:
            return v
        a, b = self.R.choice(opts)
        i = low.index(a, 1)
        return v[:i] + b + v[i + len(a):]

    def dob_digit(self, d):
        s = d.strftime("%Y%m%d")
        for _ in range(10):
            i = self.R.choice([2, 3, 3, 6, 7, 7])
            t = s[:i] + str(self.R.randint(0, 9)) + s[i + 1:]
            try:
                nd = dt.date(int(t[:4]), int(t[4:6]), int(t[6:]))
                if nd <= TODAY:
                    return nd
            except ValueError:
                continue
        return None

    def ssn_typo(self, s):
        R = self.R
        if R.random() < 0.4:
            i = R.randrange(8)
            if s[i] != s[i + 1]:
                return s[:i] + s[i + 1] + s[i] + s[i + 2:]
        i = R.randrange(9)
        return s[:i] + str((int(s[i]) + R.randint(1, 9)) % 10) + s[i + 1:]


COLS = ("source,source_id,given_name,middle_name,family_name,suffix,birth_date,sex,ssn,phone,email,"
        "address_line,city,state,postal_code,mothers_maiden_name,multiple_birth,other_identifiers,"
        "entity_id,household_id,tags").split(",")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rates", choices=["normal", "high", "auto"], default="auto")
    a = ap.parse_args()
    rates = a.rates if a.rates != "auto" else ("high" if a.seed % 2 == 0 else "normal")
    g = Gen(a.people, a.seed, rates)
    g.build()
    recs = g.registrations()
    g.R.shuffle(recs)
    relations = relation_tags(g)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLS)
        for r in recs:
            r["tags"] = ";".join(sorted(r.pop("_tags") | relations[r["entity_id"]]))
            w.writerow([r[c] for c in COLS])
    validate(a.out, g, rates)


def relation_tags(g):
    """Each person's relations as `kind:entity_id` tags (twin-of, child-of, parent-of, sibling-of,
    spouse-of, generational-of), so an evaluation can tell which relationship a wrong link
    crossed. Drawn from the people built, after the fact: no random number is used."""
    tags = defaultdict(set)
    twins = set()
    for ts in g.twin_sets:
        for p in ts:
            for o in ts:
                if o is not p:
                    tags[p.eid].add("twin-of:" + o.eid)
                    twins.add((p.eid, o.eid))
    for p in g.people:
        for par in (p.mother, p.father):
            if par is not None:
                tags[p.eid].add("child-of:" + par.eid)
                tags[par.eid].add("parent-of:" + p.eid)
        for o in p.sibs:
            if (p.eid, o.eid) not in twins:
                tags[p.eid].add("sibling-of:" + o.eid)
        if p.spouse is not None:
            tags[p.eid].add("spouse-of:" + p.spouse.eid)
    for father, son in g.generational:
        tags[father.eid].add("generational-of:" + son.eid)
        tags[son.eid].add("generational-of:" + father.eid)
    return tags


def validate(path, g, rates):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0].keys()) == COLS, "header mismatch"
    ents = set(r["entity_id"] for r in rows)
    hh = set(r["household_id"] for r in rows)
    tc = Counter(t for r in rows for t in r["tags"].split(";") if t and ":" not in t)
    mrn = Counter((r["source"], r["source_id"]) for r in rows)
    shared = sum(1 for v in mrn.values() if v > 1)
    for r in rows:
        assert not r["ssn"] or (len(r["ssn"]) == 9 and r["ssn"].isdigit())
        assert r["sex"] in ("male", "female", "")
        assert r["multiple_birth"] in ("", "1", "2", "3")
        if r["birth_date"]:
            dt.date.fromisoformat(r["birth_date"])
    for (s, m), v in mrn.items():
        if v > 1:
            assert all("shared-mrn" in r["tags"] for r in rows if r["source"] == s and r["source_id"] == m)
    tw = sum(1 for t in g.twin_sets if len(t) == 2)
    tr = sum(1 for t in g.twin_sets if len(t) == 3)
    hs = Counter(len(h["members"]) for h in g.households.values() if h["members"])
    print("file=%s rates=%s records=%d people=%d (requested %d) households=%d" %
          (path, rates, len(rows), len(ents), g.n, len(hh)))
    print("registrations/person=%.2f twin_pairs=%d triplet_sets=%d shared_mrn_groups=%d" %
          (len(rows) / len(ents), tw, tr, shared))
    print("household sizes:", " ".join("%d:%.1f%%" % (k, 100 * v / sum(hs.values()))
                                       for k, v in sorted(hs.items())))
    print("records per source:", dict(Counter(r["source"] for r in rows)))
    print("tags:", ", ".join("%s=%d" % kv for kv in sorted(tc.items())))


if __name__ == "__main__":
    main()
