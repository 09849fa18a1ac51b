// The vigie ruleset language: indicator catalogs, contract templates, signed contracts, tests.
//
// Every keyword has an English and a French spelling (one token, two literals), so a file may use
// either and both build the same AST. Words that name a *value* (units, directions, period kinds,
// contract kinds, aggregates, verdicts) are plain identifiers here and are checked against the
// bilingual vocabulary in engine/syntax/vocabulary.cpp: that keeps the keyword set small and
// lets the checker say "unknown unit 'pourcnt', did you mean 'pourcent'?".
//
// Reference: docs/language.md. Generated at build time by Debian's antlr4 (4.7.2); never committed.
grammar Vigie;

// ───────────────────────────── parser ─────────────────────────────

file : importDecl* declaration* EOF ;

importDecl : IMPORT STRING ;

declaration
  : indicatorDecl
  | attributeDecl
  | contractDecl
  | templateDecl
  | tableDecl
  | testDecl
  ;

// indicator ambu "Taux de chirurgie ambulatoire" { unit percent  better higher ... }
// indicator marge = resultat / produits * 100 %
indicatorDecl : INDICATOR name=ident title=STRING? ('=' formula=expr)? indicatorBody? ;
indicatorBody : '{' indicatorItem* '}' ;
indicatorItem
  : UNIT word                       # indicatorUnit
  | BETTER word                     # indicatorBetter
  | PERIOD word                     # indicatorPeriod
  | SOURCE STRING                   # indicatorSource
  | NUMERATOR ident                 # indicatorNumerator
  | DENOMINATOR ident               # indicatorDenominator
  | AGGREGATE word                  # indicatorAggregate
  | RANGE signedNumber '..' signedNumber   # indicatorRange
  | CLASSES '{' (classEntry (','? classEntry)* ','?)? '}'   # indicatorClasses
  | VALUES '{' (categoryEntry (','? categoryEntry)* ','?)? '}'   # indicatorValues
  | CODES '{' (codeEntry (','? codeEntry)* ','?)? '}'   # indicatorCodes
  ;
// classes { A: >= 79.7, B: >= 76.5, C: >= 73.1, D: < 73.1, DI: "DI", NR: "NR" }: best class first;
// a string is a missing-value code of the data that is a class of its own.
classEntry : name=ident ':' (comparator '-'? quantity | STRING) ;
// values { A, B, C, D }: a categorical indicator, most favourable value first; a string is the value
// as the data writes it (`certifie_mention "Certifié avec mention"`).
categoryEntry : name=ident written=STRING? ;
// codes { "Non concerné": not_applicable, "DI": missing_data, "NR": not_met }: the missing-value codes
// the data may hold for the indicator, each with the verdict it gives by default.
codeEntry : code=STRING (':' verdict=word)? ;

// attribute activite "Activités autorisées" : an entity attribute that `where` clauses may read.
attributeDecl : ATTRIBUTE name=ident title=STRING? ;

contractDecl
  : CONTRACT name=ident title=STRING? ('=' templateName=ident '(' (argument (',' argument)*)? ')')?
    ('{' contractItem* '}')?
  ;
argument : name=ident ':' value=expr ;

templateDecl
  : TEMPLATE name=ident '(' (parameter (',' parameter)*)? ')' title=STRING? '{' contractItem* '}' ;
parameter : name=ident (':' type=word)? ('=' defaultValue=expr)? ;

contractItem
  : KIND word                                   # contractKind
  | AUTHORITY STRING                            # contractAuthority
  | SIGNED DATE                                 # contractSigned
  | SIGNED ident                                # contractSignedFrom   // a template's date parameter
  | PERIOD yearRange                            # contractPeriod
  | PERIOD monthRange                           # contractMonthPeriod   // 2021-10..2026-09: anniversary years
  | PARTIES party (',' party)*                  # contractParties
  | commitmentDecl                              # contractCommitment
  | milestoneDecl                               # contractMilestone
  | waiverDecl                                  # contractWaiver
  | scoringDecl                                 # contractScoring
  | paymentDecl                                 # contractPayment
  | tableDecl                                   # contractTable
  | amendmentDecl                               # contractAmendment
  ;

// amendment 1 effective 2021-07-01 "Revue à mi-parcours" { commitment ambu { target >= 60 % } ... }
// (avenant 1 en vigueur le 01/07/2021): a dated change of the contract. A commitment or milestone block
// naming an existing one changes the items it writes; a new name adds one; `remove` drops one. A
// period extends the contract (prorogation); `add party` / `remove party` change its signatories; a
// waiver is granted, `remove waiver` revokes one; a scoring clause replaces the contract's.
amendmentDecl : AMENDMENT number=NUMBER EFFECTIVE DATE title=STRING? '{' amendmentItem* '}' ;
amendmentItem
  : commitmentDecl                              # amendmentCommitment
  | paymentDecl                                 # amendmentPayment
  | milestoneDecl                               # amendmentMilestone
  | waiverDecl                                  # amendmentWaiver
  | scoringDecl                                 # amendmentScoring
  | PERIOD yearRange                            # amendmentPeriod
  | PERIOD monthRange                           # amendmentMonthPeriod
  | ADD (PARTY | PARTIES) party (',' party)*    # amendmentAddParties      // ajouter partie 080000038
  | REMOVE (PARTY | PARTIES) party (',' party)* # amendmentRemoveParties   // retirer partie commune 79191
  | REMOVE waiverDecl                           # amendmentRemoveWaiver    // retirer dérogation ambu pour 080000037 en 2020
  | REMOVE (COMMITMENT | PAYMENT | MILESTONE) ident   # amendmentRemove
  ;

// parties groupe GHT_NORD, 080000037, commune 79191, clsm CLSM_NIORT, département 79: a party that is
// not an establishment names its kind (a value word: engine/syntax/vocabulary.cpp, PartyKinds).
party : GROUP ident | ENTITY? entityRef | kind=ident partyCode ;
partyCode : NUMBER | ENTITY_CODE | ident ;

commitmentDecl : COMMITMENT name=ident title=STRING? '{' commitmentItem* '}' ;
commitmentItem
  : REF STRING                                  # commitmentRef
  | applicability                               # commitmentApplicability
  | INDICATOR ident                             # commitmentIndicator
  | TARGET BY PARTY '{' (partyTarget (','? partyTarget)* ','?)? '}'   # commitmentPartyTargets
  | TARGET target                               # commitmentTarget
  | IMPROVE quantity FROM BASELINE year=NUMBER  # commitmentImprove
  | BASELINE year=NUMBER                        # commitmentBaseline   // baseline 2017: the entity's own value
  | FOR count=NUMBER CONSECUTIVE_YEARS          # commitmentConsecutive   // for 3 consecutive years
  | TOLERANCE quantity                          # commitmentTolerance
  | WEIGHT signedNumber                         # commitmentWeight
  | AGGREGATE word                              # commitmentAggregate
  | ALL OF nameList                             # commitmentAllOf
  | ANY OF nameList                             # commitmentAnyOf
  | AT_LEAST count=NUMBER OF nameList           # commitmentAtLeast
  | verdictRule (',' verdictRule)*              # commitmentVerdictRules
  ;
// met if A or B, partially_met if C, not_applicable if "Non concerné": a verdict by category or code.
verdictRule : verdict=word IF categoryRef (OR categoryRef)* ;
categoryRef : ident | STRING ;

applicability
  : FOR EACH MEMBER (WHERE condition=expr)?     # forEachMember
  | FOR GROUP                                   # forGroup
  | FOR partyRef (',' partyRef)* (WHERE condition=expr)?   # forEntities   // for 080000037 where ...
  ;

// target by party { 08: >= 15 beds  51: >= 57 beds tolerance 2 beds  10: { 2022: 12 beds, 2023: 13 beds } }
// (cible par partie { ... }): each party's own target, and its own tolerance; `else` (sinon) for the others.
partyTarget : (partyRef | ELSE) ':' target (TOLERANCE tolerance=quantity)? ;

nameList : '[' (ident (',' ident)*)? ','? ']' ;

target
  : '{' (trajectoryEntry (','? trajectoryEntry)* ','?)? '}'   # trajectoryTarget
  | comparator? (signedQuantity | baselineShare | param=ident) (FROM fromYear=NUMBER)? partialLimit?   # constantTarget
  | AT_LEAST category=ident (FROM fromYear=NUMBER)?            # categoryTarget
  ;
// `target >= c`, `{ 2022: >= c }`: a template's parameter, whose value (a quantity) the contract gives.
trajectoryEntry : periodKey ':' (comparator? (signedQuantity | baselineShare | param=ident) partialLimit? | AT_LEAST category=ident) ;
// `baseline`, `95 % of baseline` (`la référence`, `95 % de la référence`): the commitment's baseline value.
baselineShare : share=quantity OF_BASELINE | BASELINE ;
// `, partially met up to baseline`: partially met between the target and this limit. The comma is part
// of the token, so that `7,4` (a decimal comma) is still reported as such.
partialLimit : PARTIAL_UP_TO (signedQuantity | baselineShare) ;

milestoneDecl : MILESTONE name=ident title=STRING? '{' milestoneItem* '}' ;
milestoneItem
  : DUE DATE                                    # milestoneDue
  | DUE base=ident ('+' NUMBER word)?           # milestoneDueFrom   // due signature + 6 months
  | EVIDENCE STRING                             # milestoneEvidence
  | REF STRING                                  # milestoneRef
  | WEIGHT signedNumber                         # milestoneWeight
  | applicability                               # milestoneApplicability
  ;

// waiver ambu_2_3 for 080000037 in 2020 because "..." granted 2020-02-01 by "ARS Grand Est" until 2020-12-31
waiverDecl : WAIVER commitment=ident waiverClause* ;
waiverClause
  : FOR partyRef (',' partyRef)*                # waiverEntities
  | IN periodKey                                # waiverPeriod
  | BECAUSE STRING                              # waiverReason
  | GRANTED DATE                                # waiverGranted
  | BY STRING                                   # waiverAuthority
  | UNTIL DATE                                  # waiverUntil
  ;

// scoring by verdict { met 1 ... }: how a year's score is formed (by commitment: today's rule, the default)
scoringDecl : SCORING (BY basis=scoringBasis)? ('{' scoringItem* '}')? ;
scoringBasis : COMMITMENT | word ;
scoringItem
  : word signedNumber                           # scoringValue
  | AGGREGATE word                              # scoringAggregate
  ;

// payment dotation_2019 in 2019 = 200000 € * score: a payment of some years only (paiement ... en 2019)
// payment dotation for each party = 50000 € * score (paiement ... pour chaque partie): one amount per
// party and year, from that party's own score
paymentDecl : PAYMENT name=ident title=STRING? (FOR eachParty=EACH_PARTY)? (IN years=yearRange)? '=' expr ;

// table fixe by taille { 1: 15000 €, 2: 17500 € }
// table palier by ald_sans_mt { <= 50: 9000 €, <= 100: 6000 €, else: 0 € }   (tiers: first match)
// table grille by class, evolution { A, positive: 100 %  A, stable: 90 % ... }   (a grid: two keys)
tableDecl : TABLE name=ident BY key=ident (',' key2=ident)? '{' (tableEntry (','? tableEntry)* ','?)? '}' ;
tableEntry : tableKey (',' tableKey)? ':' expr ;
tableKey : comparator '-'? quantity | signedNumber ('..' signedNumber)? | STRING | ELSE | ident ;

testDecl : TEST STRING '{' testItem* '}' ;
testItem
  : CONTRACT ident                                          # testContract
  | AS_OF DATE                                              # testAsOf
  | GIVEN subject EVIDENCE ident DATE                       # testGivenEvidence
  | GIVEN subject MEMBER partyRef (',' partyRef)*           # testGivenMembers
  | GIVEN subject ATTRIBUTE ident (IN periodKey)? '=' expr  # testGivenAttribute
  | GIVEN subject ident periodKey '=' givenValue            # testGivenValue
  | GIVEN STRING (IN periodKey)?                            # testGivenFile
  | EXPECT ident (FOR subject)? (IN periodKey)? IS word     # testExpectVerdict
  | EXPECT ident (FOR subject)? (IN periodKey)? '=' signedQuantity  # testExpectValue
  ;
// An establishment (FINESS) or a group (its code, e.g. GHT_NORD).
subject : entityRef | ident ;
givenValue : signedQuantity | word STRING? ;   // `missing`, or `missing "NR"` with the data's code

// ── expressions (derived indicators, payments, `where` filters, table values, arguments)
expr
  : '(' expr ')'                                # parenExpr
  | expr IS word                                # presenceExpr   // taille_C is present (est présent)
  | '-' expr                                    # negateExpr
  | expr op=('*' | '/') expr                    # mulExpr
  | expr op=('+' | '-') expr                    # addExpr
  | expr comparator expr                        # compareExpr
  | expr HAS value=expr                         # hasExpr
  | expr IN '[' (expr (',' expr)*)? ']'         # inExpr
  | NOT expr                                    # notExpr
  | expr AND expr                               # andExpr
  | expr OR expr                                # orExpr
  | IF expr THEN expr ELSE expr                 # ifExpr
  | ident '[' expr (',' expr)? ']'              # lookupExpr
  | ident '(' (expr (',' expr)*)? ')'           # callExpr
  | SCORE_OF partyRef                           # partyScoreExpr   // score of 080000037 (score de CLSM_NIORT)
  | quantity                                    # quantityExpr
  | STRING                                      # stringExpr
  | DATE                                        # dateExpr
  | ident                                       # nameExpr
  ;

comparator : GE | LE | GT | LT | EQ | NE ;

quantity : NUMBER unitSuffix? ;
// A value that may be below zero (a target, a limit, a test's value: a negative net CAF): `-1 %`.
// A tolerance, a share or an improvement stays a quantity, never negative.
signedQuantity : '-'? quantity ;
unitSuffix : PERCENT | EURO | ident ;
signedNumber : '-'? NUMBER ;

yearRange : NUMBER ('..' NUMBER)? ;
monthRange : MONTH '..' MONTH ;
periodKey : NUMBER ('..' NUMBER)? | QUARTER | MONTH ;
entityRef : NUMBER | ENTITY_CODE ;
// A party in a list (`for 080000037, CLSM_NIORT`): a FINESS, an INSEE code, or a declared party's code.
partyRef : entityRef | ident ;

// A value word (unit, direction, kind...). Keywords that are also natural values are allowed here.
word : ident | GROUP | ENTITY | PERIOD | SOURCE | TABLE ;
ident : ID ;

// ───────────────────────────── lexer ──────────────────────────────
// One token per keyword, English | French.

IMPORT      : 'import' | 'importer' ;
INDICATOR   : 'indicator' | 'indicateur' ;
ATTRIBUTE   : 'attribute' | 'attribut' ;
CONTRACT    : 'contract' | 'contrat' ;
TEMPLATE    : 'template' | 'modèle' ;
TABLE       : 'table' ;
TEST        : 'test' ;
COMMITMENT  : 'commitment' | 'engagement' ;
MILESTONE   : 'milestone' | 'jalon' ;
WAIVER      : 'waiver' | 'dérogation' ;
SCORING     : 'scoring' | 'notation' ;
PAYMENT     : 'payment' | 'paiement' ;
UNIT        : 'unit' | 'unité' ;
BETTER      : 'better' | 'mieux' ;
PERIOD      : 'period' | 'période' ;
SOURCE      : 'source' ;
NUMERATOR   : 'numerator' | 'numérateur' ;
DENOMINATOR : 'denominator' | 'dénominateur' ;
AGGREGATE   : 'aggregate' | 'agrégat' ;
RANGE       : 'range' | 'bornes' ;
CLASSES     : 'classes' ;
VALUES      : 'values' | 'valeurs' ;
CODES       : 'codes' ;
KIND        : 'kind' | 'nature' ;
AUTHORITY   : 'authority' | 'autorité' ;
SIGNED      : 'signed' | 'signé' ;
PARTIES     : 'parties' ;
GROUP       : 'group' | 'groupe' ;
ENTITY      : 'entity' | 'établissement' ;
REF         : 'ref' | 'réf' ;
FOR         : 'for' | 'pour' ;
EACH        : 'each' | 'chaque' ;
MEMBER      : 'member' | 'membre' ;
WHERE       : 'where' | 'où' ;
HAS         : 'has' | 'contient' ;
TARGET      : 'target' | 'cible' ;
TOLERANCE   : 'tolerance' | 'tolérance' ;
WEIGHT      : 'weight' | 'poids' ;
IMPROVE     : 'improve' | 'améliorer' ;
FROM        : 'from' | 'depuis' ;
BASELINE    : 'baseline' | 'référence' | 'la' [ \t]+ 'référence' ;
OF_BASELINE : 'of' [ \t]+ 'baseline' | 'de' [ \t]+ 'la' [ \t]+ 'référence' | 'de' [ \t]+ 'référence' ;
CONSECUTIVE_YEARS : 'consecutive' [ \t]+ 'years' | 'années' [ \t]+ 'consécutives' | 'ans' [ \t]+ 'consécutifs' ;
PARTIAL_UP_TO : 'partially' [ \t]+ 'met' [ \t]+ 'up' [ \t]+ 'to' | 'partiellement' [ \t]+ 'atteint' [ \t]+ 'jusqu\'à' | 'partiellement' [ \t]+ 'atteint' [ \t]+ 'jusqu’à' | ',' [ \t\r\n]* 'partially' [ \t]+ 'met' [ \t]+ 'up' [ \t]+ 'to' | ',' [ \t\r\n]* 'partiellement' [ \t]+ 'atteint' [ \t]+ 'jusqu\'à' | ',' [ \t\r\n]* 'partiellement' [ \t]+ 'atteint' [ \t]+ 'jusqu’à' ;
ALL         : 'all' | 'tous' ;
ANY         : 'any' | 'un' ;
AT_LEAST    : 'at' [ \t]+ 'least' | 'au' [ \t]+ 'moins' ;
OF          : 'of' | 'parmi' ;
DUE         : 'due' | 'échéance' ;
EVIDENCE    : 'evidence' | 'preuve' ;
IN          : 'in' | 'en' ;
BECAUSE     : 'because' | 'motif' ;
GRANTED     : 'granted' | 'accordée' ;
BY          : 'by' | 'par' ;
UNTIL       : 'until' | 'jusqu\'au' | 'jusqu’au' ;   // typographic apostrophe too, as French editors type it
GIVEN       : 'given' | 'soit' ;
EXPECT      : 'expect' | 'attendu' ;
IS          : 'is' | 'est' ;
AS_OF       : 'as' [ \t]+ 'of' | 'arrêté' [ \t]+ 'au' ;
IF          : 'if' | 'si' ;
THEN        : 'then' | 'alors' ;
ELSE        : 'else' | 'sinon' ;
AND         : 'and' | 'et' ;
OR          : 'or' | 'ou' ;
NOT         : 'not' | 'non' ;
AMENDMENT   : 'amendment' | 'avenant' ;
EFFECTIVE   : 'effective' | 'en' [ \t]+ 'vigueur' [ \t]+ 'le' ;
REMOVE      : 'remove' | 'retirer' ;
ADD         : 'add' | 'ajouter' ;
PARTY       : 'party' | 'partie' ;
// Two words each, so that `score` and `each` stay what they were; a letter right after is another word.
// (97..122: a to z; 32 and 9: a space or a tab)
EACH_PARTY  : ('each' [ \t]+ 'party' | 'chaque' [ \t]+ 'partie') {_input->LA(1) < 97 || _input->LA(1) > 122}? ;
SCORE_OF    : ('score' [ \t]+ 'of' | 'score' [ \t]+ 'de') {_input->LA(1) == 32 || _input->LA(1) == 9}? ;

GE : '>=' | '≥' ;
LE : '<=' | '≤' ;
NE : '!=' | '≠' ;
GT : '>' ;
LT : '<' ;
EQ : '=' ;
PERCENT : '%' ;
EURO : [\u20AC] ;

DATE        : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT
            | DIGIT DIGIT? '/' DIGIT DIGIT? '/' DIGIT DIGIT DIGIT DIGIT ;   // 15/03/2019, as French controllers type it
QUARTER     : DIGIT DIGIT DIGIT DIGIT '-' [QT] DIGIT ;
MONTH       : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT
            | DIGIT DIGIT? '/' DIGIT DIGIT DIGIT DIGIT ;   // 10/2021, as French controllers type a month
ENTITY_CODE : DIGIT [AB] DIGIT* ;   // Corsican FINESS and INSEE codes (2A…, 2B…, the départements 2A, 2B); all-digit codes lex as NUMBER
NUMBER      : DIGIT+ ('.' DIGIT+)?
            // 100 000: thousands spaced, as French amounts are typed; a group is exactly three digits, so
            // that `{ 2019: 120 2020: 130 }` stays two numbers
            | DIGIT DIGIT? DIGIT? ([ \u00A0\u202F] DIGIT DIGIT DIGIT {_input->LA(1) < '0' || _input->LA(1) > '9'}?)+ ('.' DIGIT+)? ;
ID          : LETTER (LETTER | DIGIT | MARK)* ;   // MARK: accents typed as combining characters (NFD)

STRING              : '"' (~["\\\r\n] | '\\' .)* '"' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' .)* ;

LINE_COMMENT : '//' ~[\r\n]* -> channel(HIDDEN) ;  // kept for the formatter
WS           : [ \t\r\n\u00A0\uFEFF]+ -> skip ;

// Anything else becomes one token so the parser reports it with its position instead of the
// lexer printing to the console.
UNEXPECTED_CHAR : . ;

fragment DIGIT  : [0-9] ;
fragment LETTER : [\p{L}_] ;
fragment MARK   : [\p{M}] ;
