package io.lifeboat.api;

/** Query parameters read the same way everywhere: a bad one is a 400 BAD_PARAMETER naming it. */
final class QueryParameters {
    private QueryParameters() {
    }

    /** The whole number given, {@code fallback} when none is, refused outside {@code min..max}. */
    static int wholeNumber(String name, String text, int fallback, int min, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, with the range
        }
        throw bad(name, name + " is a whole number from " + min + " to " + max);
    }

    static ApiException bad(String name, String message) {
        return new ApiException(400, "BAD_PARAMETER", message, name);
    }
}
