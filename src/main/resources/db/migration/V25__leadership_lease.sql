-- Who leads each cluster among Lifeboat's replicas: the holder until expires_at, renewed well before it; token grows
-- by one at each change of holder and every action carries the token of the leader that decided it (lifeboat.leadership).
-- DATETIME, not TIMESTAMP: no implicit ON UPDATE CURRENT_TIMESTAMP on older MariaDB, no end in 2038; it is written and
-- compared with the database's CURRENT_TIMESTAMP only (run the database's sessions in UTC).
CREATE TABLE leadership_lease (
    cluster    VARCHAR(128) NOT NULL PRIMARY KEY,
    holder     VARCHAR(128) NOT NULL,
    token      BIGINT       NOT NULL,
    expires_at DATETIME(3)  NOT NULL
);
