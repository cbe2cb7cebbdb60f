package io.lifeboat.config;

/** A configuration change refused, with its HTTP status, stable code and the JSON pointer of the field at fault. */
public class ConfigurationException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ConfigurationException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public int status() { return status; }
    public String code() { return code; }
    public String field() { return field; }
}
