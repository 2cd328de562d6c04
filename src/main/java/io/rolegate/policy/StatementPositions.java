package io.rolegate.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@link StatementPosition} of every statement of a document that has already passed validation. A
 * streaming pass that reads the parser's location before and after each statement value: Jackson reads one
 * character ahead after a field name, which is exactly where AWS starts a lone statement object.
 */
final class StatementPositions {
    private static final JsonFactory JSON = new JsonFactory();

    private StatementPositions() {
    }

    /** The positions in document order; the last top-level "Statement" wins, as in the parsed tree. */
    static List<StatementPosition> of(String document) {
        List<StatementPosition> out = List.of();
        try (JsonParser p = JSON.createParser(document)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean statement = p.currentName().equals("Statement");
                JsonLocation before = p.currentLocation();
                JsonToken value = p.nextToken();
                if (statement && value == JsonToken.START_OBJECT) {
                    p.skipChildren();
                    out = List.of(position(before, p.currentLocation()));
                } else if (statement && value == JsonToken.START_ARRAY) {
                    out = elements(p);
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the document was parsed before: cannot happen
        }
        return out;
    }

    private static List<StatementPosition> elements(JsonParser p) throws IOException {
        List<StatementPosition> out = new ArrayList<>();
        while (true) {
            JsonLocation before = p.currentLocation();
            if (p.nextToken() == JsonToken.END_ARRAY) {
                return out;
            }
            p.skipChildren();
            out.add(position(before, p.currentLocation()));
        }
    }

    private static StatementPosition position(JsonLocation start, JsonLocation end) {
        return new StatementPosition(start.getLineNr(), start.getColumnNr(), end.getLineNr(), end.getColumnNr());
    }
}
