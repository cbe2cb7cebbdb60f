package io.lifeboat.policy;

/** One compiler message: file, line (0 when unknown), and text. */
public record PolicyProblem(Severity severity, String file, int line, String message) {

    public enum Severity { ERROR, WARNING }

    @Override
    public String toString() {
        return severity + " " + file + ":" + line + " " + message;
    }
}
