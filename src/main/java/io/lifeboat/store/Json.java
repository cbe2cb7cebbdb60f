package io.lifeboat.store;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.simulate.Scenario.MemberSpec;

/** The JSON columns of the store. Parse errors never quote the text: fence parameters hold passwords. */
final class Json {
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<MemberSpec>> MEMBERS = new TypeReference<>() {
    };
    private final ObjectMapper mapper;

    Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + value.getClass().getSimpleName());
        }
    }

    Map<String, String> readStrings(String text) {
        return read(text, STRINGS);
    }

    List<MemberSpec> readMembers(String text) {
        return read(text, MEMBERS);
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON column of the store is not valid JSON");
        }
    }
}
