package io.lifeboat.facts;

public enum Severity { ERROR, WARNING }
