package io.lifeboat.policy;

/** One compiler or checker message: file, line (0 when unknown), the rule it is in (if known), and text. */
public record PolicyProblem(Severity severity, String file, int line, String rule, String message) {

    public enum Severity { ERROR, WARNING }

    @Override
    public String toString() {
        return severity + " " + file + ":" + line + (rule == null ? "" : " (rule \"" + rule + "\")") + " " + message;
    }
}
