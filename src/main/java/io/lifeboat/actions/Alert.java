package io.lifeboat.actions;

/** Tell operators something needs them, with a stable code. */
public final class Alert extends Action {
    private final String subject;
    private final String code;

    public Alert(String subject, String code, String reason) {
        super(reason);
        this.subject = subject;
        this.code = code;
    }

    @Override public ActionType getType() { return ActionType.ALERT; }
    @Override public String getSubject() { return subject; }
    public String getCode() { return code; }
}
