"""Common given names, surnames and street names, combined at random into fictional people.

Only lists of common names live here, never a full name: every demo person is a random
combination of a first name and a surname, so no real person is described.
"""

DUTCH_MALE = (
    "Jan", "Pieter", "Kees", "Willem", "Hendrik", "Gerrit", "Johannes", "Dirk", "Bart",
    "Thomas", "Daan", "Sem", "Lucas", "Bram", "Jeroen", "Martijn", "Sander", "Mark", "Dennis",
    "Kevin", "Rick", "Stefan", "Niels", "Ruud", "Marco", "Erik", "Frank", "Henk", "Arjan",
    "Wouter", "Joost", "Tim", "Jesse", "Thijs", "Luuk", "Milan", "Ruben", "Stijn", "Koen",
    "Levi", "Finn", "Jayden", "Gijs", "Teun", "Rens",
)  # fmt: skip

DUTCH_FEMALE = (
    "Anna", "Maria", "Johanna", "Cornelia", "Sanne", "Lisa", "Emma", "Julia", "Sophie",
    "Anouk", "Femke", "Lotte", "Iris", "Eva", "Fleur", "Manon", "Esther", "Marieke", "Linda",
    "Sandra", "Monique", "Petra", "Ingrid", "Wilma", "Ria", "Annemiek", "Kim", "Nicole",
    "Marloes", "Ilse", "Noa", "Tess", "Sara", "Lieke", "Roos", "Britt", "Jasmijn", "Yvonne",
    "Chantal", "Melissa", "Mila", "Zoë", "Fenna",
)  # fmt: skip

MIGRANT_MALE = (
    "Mohamed", "Ahmed", "Youssef", "Mustafa", "Omar", "Ali", "Hassan", "Ibrahim", "Bilal",
    "Mehmet", "Emre", "Burak", "Kerem", "Yusuf", "Rachid", "Karim", "Hamza", "Ayoub", "Anass",
    "Samir", "Romano", "Dion", "Shurwin", "Rigo", "Piotr", "Tomasz", "Marek", "Paweł", "Abdi",
    "Yonas", "Mahmoud", "Khaled", "Tesfay", "Dmytro", "Andrei",
)  # fmt: skip

MIGRANT_FEMALE = (
    "Fatima", "Khadija", "Aïcha", "Samira", "Nadia", "Yasmina", "Salma", "Meryem", "Zeynep",
    "Elif", "Esra", "Büşra", "Ayşe", "Naima", "Soumaya", "Shanice", "Chayenne", "Rowena",
    "Agnieszka", "Katarzyna", "Magdalena", "Amina", "Hodan", "Selam", "Rahel", "Layla", "Noor",
    "Hiba", "Ilham", "Oksana", "Ioana",
)  # fmt: skip

# (tussenvoegsel, achternaam)
DUTCH_SURNAMES = (
    ("de", "Vries"), ("", "Jansen"), ("van", "Dijk"), ("", "Bakker"), ("", "Visser"),
    ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"),
    ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"),
    ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"),
    ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"),
    ("", "Vermeulen"), ("van den", "Berg"), ("van der", "Heijden"), ("van der", "Veen"),
    ("van den", "Broek"), ("de", "Bruijn"), ("de", "Jong"), ("", "Schouten"), ("van", "Beek"),
    ("", "Willems"), ("van", "Vliet"), ("", "Hoekstra"), ("", "Maas"), ("", "Verhoeven"),
    ("", "Koster"), ("van", "Dam"), ("van der", "Wal"), ("", "Prins"), ("", "Blom"),
    ("", "Huisman"), ("", "Kuipers"), ("van", "Wijk"), ("", "Timmermans"), ("", "Groen"),
    ("", "Verbeek"), ("", "Stam"), ("", "Hoogendoorn"), ("van", "Rossum"), ("", "Kraaijeveld"),
    ("", "Versluis"), ("", "Boersma"), ("", "Kamp"), ("", "Sterk"), ("van", "Toor"),
)  # fmt: skip

MIGRANT_SURNAMES = (
    ("", "Yılmaz"), ("", "Kaya"), ("", "Demir"), ("", "Şahin"), ("", "Çelik"), ("", "Öztürk"),
    ("", "Aydın"), ("", "Arslan"), ("", "Doğan"), ("", "Koç"), ("", "El Amrani"),
    ("", "El Idrissi"), ("", "Bouzid"), ("", "Benali"), ("", "Ait Taleb"), ("", "Boukhari"),
    ("", "Chaouch"), ("", "Haddou"), ("", "Ouali"), ("", "Azzouzi"), ("", "Tahiri"),
    ("", "Ramdin"), ("", "Sewnarain"), ("", "Jagesar"), ("", "Kartosen"), ("", "Pinas"),
    ("", "Martina"), ("", "Doran"), ("", "Cijntje"), ("", "Isenia"), ("", "Kowalski"),
    ("", "Nowak"), ("", "Wójcik"), ("", "Haile"), ("", "Tesfamariam"), ("", "Abdi"),
    ("", "Warsame"), ("", "Al-Khatib"), ("", "Haddad"), ("", "Nasser"), ("", "Popescu"),
    ("", "Kovalenko"),
)  # fmt: skip

STREETS = (
    "Kerkstraat", "Dorpsstraat", "Molenstraat", "Nieuwstraat", "Schoolstraat", "Julianastraat",
    "Wilhelminastraat", "Beatrixstraat", "Oranjelaan", "Lindelaan", "Eikenlaan", "Berkenlaan",
    "Kastanjelaan", "Merelstraat", "Lijsterstraat", "Vinkenstraat", "Rozenstraat", "Tulpstraat",
    "Sportlaan", "Parkweg", "Dijkstraat", "Havenstraat", "Rembrandtlaan", "Vermeerstraat",
    "Populierenlaan", "Esdoornstraat", "Meidoornstraat", "Zuiderstraat", "Noordendijk",
    "Marktplein", "Stationsweg", "Prinses Irenestraat", "Van Goghstraat", "Jasmijnstraat",
)  # fmt: skip
