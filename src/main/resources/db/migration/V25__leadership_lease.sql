-- Who leads each cluster among Lifeboat's replicas: the holder until expires_at, renewed well before it; token grows
-- by one at each change of holder and every action carries the token of the leader that decided it (lifeboat.leadership).
CREATE TABLE leadership_lease (
    cluster    VARCHAR(128) NOT NULL PRIMARY KEY,
    holder     VARCHAR(128) NOT NULL,
    token      BIGINT       NOT NULL,
    expires_at TIMESTAMP(3) NOT NULL
);
