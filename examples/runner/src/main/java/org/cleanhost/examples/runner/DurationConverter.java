package org.cleanhost.examples.runner;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Parses {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601 such as {@code PT30S}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            Duration parsed;
            if (v.startsWith("pt")) {
                parsed = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else if (v.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else {
                long amount = Long.parseLong(v.substring(0, v.length() - 1));
                char unit = v.charAt(v.length() - 1);
                parsed = unit == 's' ? Duration.ofSeconds(amount)
                        : unit == 'm' ? Duration.ofMinutes(amount)
                        : unit == 'h' ? Duration.ofHours(amount) : null;
            }
            if (parsed != null && !parsed.isNegative() && !parsed.isZero()) {
                return parsed;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration such as 500ms, 30s, 2m or PT30S");
    }
}
