"""Given names and surnames shared by very many people in the partner countries (pure data).

A name part shared with a listed name is weaker evidence when millions of travelers carry
it, however rare it is on the list: ``Felipe Lopez`` sharing two parts with ``VERA LOPEZ,
Felipe`` says less than ``Hasib Hadwan`` sharing two with ``HADWAN, Hasib Muhammad``. The
index treats these parts as if they were among the most common on the list
(``NameIndex.rarity``).

Sources: the most frequent surnames of the US Census 2010 surname file and of Mexico's
civil registry (RENAPO/INEGI published rankings), the most frequent given names of the US
Social Security Administration's yearly counts and of Mexico's and Canada's published
rankings, and a few very common Arabic, Russian and Chinese given names and surnames, all
written folded (lower case, no accents), at most about the 100 most frequent per group.
Not taken from any evaluation set.
"""

from __future__ import annotations

__all__ = ["COMMON_NAME_PARTS"]

_SURNAMES = """
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez
gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris
sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill
flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips
evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers
gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson
watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo
sanders patel myers long ross foster jimenez
aguilar moreno romero mendez vazquez juarez dominguez herrera medina castro vargas guzman
velazquez munoz rojas contreras salazar luna ortega santiago guerrero estrada bautista cortes
soto alvarado espinoza lara avila rios cervantes silva delgado vega marquez sandoval
fernandez leon carrillo mejia solis nunez rosas huerta campos ibarra valencia navarro
cabrera pena acosta fuentes cardenas miranda trejo tapia serrano santos molina valdez
zamora orozco figueroa ochoa ayala robles padilla garza villarreal rangel nava
tremblay gagnon roy cote bouchard gauthier morin lavoie fortin gagne ouellet pelletier
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo
ivanov smirnov kuznetsov popov vasiliev petrov sokolov mikhailov novikov fedorov
khan ali ahmed hussain shah
"""

_GIVEN = """
maria jose juan luis carlos jesus antonio francisco jorge miguel pedro manuel alejandro
fernando ricardo roberto eduardo javier rafael sergio daniel david felipe santiago mario
guadalupe ana laura patricia rosa martha elena carmen veronica gabriela adriana alejandra
leticia silvia margarita teresa josefina juana angel arturo alberto enrique raul oscar
hector ramon victor ruben alfredo andres diego gerardo armando salvador ignacio gustavo
julio cesar martin hugo pablo marco jaime ernesto rodrigo adrian sofia valentina camila
isabella ximena lucia fernanda daniela paula andrea valeria mariana natalia diana claudia
monica sandra lorena jessica
james john robert michael william richard joseph thomas charles christopher matthew
anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald
edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
brandon benjamin samuel gregory frank alexander raymond patrick jack dennis jerry tyler
aaron henry adam peter nathan douglas zachary walter kyle harold carl jeremy keith roger
gerald ethan arthur terry christian sean lawrence austin joe noah jesse albert bryan billy
bruce willie jordan dylan alan ralph gabriel roy eugene wayne louis russell randy vincent
philip bobby johnny bradley mary jennifer linda elizabeth barbara susan sarah karen nancy
lisa betty margaret ashley kimberly emily donna michelle dorothy carol amanda melissa
deborah stephanie rebecca sharon cynthia kathleen amy shirley angela helen anna brenda
pamela nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth
heather virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith
megan cheryl martha hannah jacqueline frances gloria ann teresa kathryn sara janice jean
alice madison doris abigail julia judy grace denise amber marilyn beverly danielle
theresa sophia marie charlotte natalie isabella diana brittany kayla alexis lori
jean pierre marc michel luc francois mathieu nathalie isabelle sylvie chantal
muhammad mohammed mohamed mohammad ahmad ahmed ali hassan hussein hasan husain abdul abdullah
omar mahmoud ibrahim youssef yusuf khalid mustafa fatima aisha
alexander aleksandr sergei sergey andrei andrey dmitry vladimir alexey aleksei nikolai ivan
olga tatyana natalya elena irina svetlana
wei jun ming hui ying yan jing li
"""

COMMON_NAME_PARTS: frozenset[str] = frozenset(_SURNAMES.split() + _GIVEN.split())
