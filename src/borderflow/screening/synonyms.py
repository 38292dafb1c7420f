"""Given names and name words that are the same name in different transliterations.

Each group maps to its first spelling. The groups cover the names that most often
differ between lists and travel documents (Arabic, Persian, Russian, Ukrainian and
Spanish names); rules (edit distance, phonetic keys, consonant skeletons) catch the rest.
"""

from __future__ import annotations

__all__ = ["canonical"]

_GROUPS = """
muhammad mohammad mohammed mohamed mohamad muhammed mohamud mouhamed mehmet mhmd
ahmad ahmed ahmet akhmed
mahmud mahmoud mahmood
husayn hussein husein hussain husain hosein hossein hussien
hasan hassan hasen
abd abdel abdul abdal abdol abdu
abdullah abdallah abdulla abdalla abdollah
abdulrahman abdelrahman abdurrahman abdalrahman abdarrahman abdurahman
yusuf yousef youssef yousif yusif yosef yousuf josef joseph jose
ibrahim ebrahim ibraheem ebrahem
ismail ismael esmail
usama osama usamah osamah
umar omar omer
uthman othman osman usman
ali aly
khalid khaled halid
salih saleh salah
said saeed saied sayed sayyid said
jafar jaafar jafaar djafar
qasim kasim qassim kassem qasem
mustafa mustapha moustafa mostafa
abu abou
bin ben ibn
aleksandr alexander alexandr oleksandr aleksander alexandre alejandro
aleksey alexey alexei oleksiy oleksii aleksei
sergey sergei serhiy serhii sergii
yuri yury yuriy iurii yurii
dmitry dmitri dmitriy dmytro
mikhail mykhailo michael mikhael mike miguel
nikolay nikolai mykola nicolas nicholas nikolas
vladimir volodymyr wladimir
andrey andrei andriy andrii andrew andres
evgeny evgeni yevgeny yevgeniy yevhen eugene
viktor victor
pavel pavlo paul pablo
petr pyotr petro peter pedro
ivan ivan ivan
grigory grigori hryhoriy gregory
maria mariya mariia marija
yelena elena olena helena
natalya natalia nataliya
tatyana tatiana tetiana
olga olha
anatoly anatolii anatoliy
konstantin kanstantsin kostiantyn constantine
francisco frantsisko
guillermo william wilhelm
jorge george georgiy heorhiy giorgi
juan john ivan johann
carlos karlos charles charlie chuck
enrique henry heinrich
jesus jesus
benjamin ben bibi benny binyamin
theodore ted teddy theo fyodor fedor
william bill billy will willy
robert bob bobby rob
richard rick dick ricky ricardo
james jim jimmy jaime diego
thomas tom tommy tomas
anthony tony antonio anton
elizabeth liz beth isabel
katherine kate katie catherine ekaterina yekaterina kateryna
patrick pat
"""


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _GROUPS.strip().splitlines():
        words = line.split()
        for word in words:
            table.setdefault(word, words[0])
    return table


_CANONICAL = _table()


def canonical(token: str) -> str:
    """The group spelling of a folded name word, or the word itself."""
    return _CANONICAL.get(token, token)
