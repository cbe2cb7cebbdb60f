package io.lifeboat.api;

/** The one error envelope of the API: a stable code, a message for people, and the field at fault if any. */
public record ApiError(String code, String message, String field) {
}
