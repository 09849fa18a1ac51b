CREATE TABLE comptes (finess TEXT, montant REAL);
INSERT INTO comptes VALUES('080000037', 1250.5);
