package io.lifeboat.api;

/** A refusal with a status, a stable code and, when the input is at fault, the field (a JSON pointer). */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message, null);
    }

    public int status() { return status; }
    public String code() { return code; }
    public String field() { return field; }
}
