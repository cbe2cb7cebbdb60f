-- Lifeboat schema, version 1: the cluster's configuration and the journal of actions.
-- Portable between MariaDB (production) and H2 in MariaDB mode (the embedded quick start).

CREATE TABLE cluster (
    id                        BIGINT AUTO_INCREMENT PRIMARY KEY,
    name                      VARCHAR(100)  NOT NULL UNIQUE,
    mode                      VARCHAR(16)   NOT NULL,
    memory_overcommit         DOUBLE        NOT NULL,
    vcpu_overcommit           DOUBLE        NOT NULL,
    host_failures_to_tolerate INT           NOT NULL,
    heartbeat_timeout_seconds INT           NOT NULL,
    fencing_suspend_share     DOUBLE        NOT NULL
);

CREATE TABLE host (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    name           VARCHAR(100)  NOT NULL UNIQUE,
    os             VARCHAR(32)   NOT NULL,
    os_version     VARCHAR(16)   NOT NULL,
    hypervisor     VARCHAR(8)    NOT NULL,
    cpus           INT           NOT NULL,
    memory_mib     BIGINT        NOT NULL,
    connection_uri VARCHAR(1000) NOT NULL,
    storage        VARCHAR(1000) NOT NULL,
    networks       VARCHAR(1000) NOT NULL
);

-- VM names are not unique here on purpose: a duplicate is a support violation to report, not to refuse.
CREATE TABLE vm (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    name       VARCHAR(100)  NOT NULL,
    vcpus      INT           NOT NULL,
    memory_mib BIGINT        NOT NULL,
    host       VARCHAR(100),
    running    BOOLEAN       NOT NULL,
    ha         BOOLEAN       NOT NULL,
    managed    BOOLEAN       NOT NULL,
    priority   INT           NOT NULL
);

-- params holds the agent's parameters as JSON, passwords included: the API never returns it.
CREATE TABLE fence_device (
    id     BIGINT AUTO_INCREMENT PRIMARY KEY,
    host   VARCHAR(100) NOT NULL,
    level  INT          NOT NULL,
    agent  VARCHAR(64)  NOT NULL,
    params TEXT         NOT NULL,
    CONSTRAINT fence_device_host_level UNIQUE (host, level)
);

CREATE TABLE journal_entry (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    action_key      VARCHAR(200)  NOT NULL UNIQUE,
    type            VARCHAR(16)   NOT NULL,
    subject         VARCHAR(200)  NOT NULL,
    rule_id         VARCHAR(200)  NOT NULL,
    reason          VARCHAR(2000) NOT NULL,
    explanation     TEXT          NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    outcome_message VARCHAR(2000),
    recorded_at     TIMESTAMP(3)  NOT NULL,
    completed_at    TIMESTAMP(3)  NULL
);

CREATE INDEX journal_entry_recorded_at ON journal_entry (recorded_at);
