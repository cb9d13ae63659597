package org.cleanhost.wasm;

import static org.cleanhost.wasm.ValueKind.F64;
import static org.cleanhost.wasm.ValueKind.I32;
import static org.cleanhost.wasm.ValueKind.INT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;

/**
 * The locale imports ({@code _i18n_*}, aliases {@code i18n.*}, {@code locale.*}, {@code t}, {@code tc}) with
 * the semantics of Clean's Node host: a per-instance active locale (default {@value #DEFAULT_LOCALE}),
 * number, currency and date formatting by the JDK's CLDR data. Translation catalogs are loaded by
 * {@code _i18n_load}, which is not a portable import, so this host has none: {@code t} and {@code tc} return
 * the key verbatim, as Clean's hosts do for a missing key. docs/abi.md, "Locale imports".
 */
final class LocaleImports {
    static final String DEFAULT_LOCALE = "en";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The active locale of one instance ({@code _i18n_set_locale}); kept across calls until the instance is recycled. */
    static final class ActiveLocale {
        String tag = DEFAULT_LOCALE;
    }

    private LocaleImports() {}

    static List<ImportSpec> specs() {
        return List.of(
                ImportSpec.of("env", "_i18n_t", "(key, params JSON): the key's translation; the key itself (no catalogs)",
                        List.of(I32, I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._i18n_t";
                    String key = c.memory().readUtf8(where, a[0], a[1]);
                    params(where, c.memory().readUtf8(where, a[2], a[3]));
                    return new long[] {c.memory().writeLp(where, key)};
                }),
                ImportSpec.of("env", "_i18n_t_count", "(key, count, params JSON): the plural form; the key itself (no catalogs)",
                        List.of(I32, I32, INT, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._i18n_t_count";
                    String key = c.memory().readUtf8(where, a[0], a[1]);
                    params(where, c.memory().readUtf8(where, a[3], a[4]));
                    return new long[] {c.memory().writeLp(where, key)};
                }),
                ImportSpec.of("env", "_i18n_locale", "the active locale (default en)", List.of(), List.of(I32), (c, a) ->
                        new long[] {c.memory().writeLp("env._i18n_locale", active(c).tag)}),
                ImportSpec.of("env", "_i18n_set_locale", "sets the instance's active locale (a BCP 47 tag)", List.of(I32, I32), List.of(), (c, a) -> {
                    String where = "env._i18n_set_locale";
                    String tag = c.memory().readUtf8(where, a[0], a[1]);
                    locale(where, tag);
                    active(c).tag = tag;
                    return new long[0];
                }),
                ImportSpec.of("env", "_i18n_format_number", "(value, locale, options JSON) grouped, up to 3 decimals or options.decimals",
                        List.of(F64, I32, I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._i18n_format_number";
                    double value = Double.longBitsToDouble(a[0]);
                    Locale locale = localeArg(c, where, a[1], a[2]);
                    JsonNode options = params(where, c.memory().readUtf8(where, a[3], a[4]));
                    return new long[] {c.memory().writeLp(where, formatNumber(where, value, locale, options))};
                }),
                ImportSpec.of("env", "_i18n_format_currency", "(value, ISO 4217 code, locale) as money",
                        List.of(F64, I32, I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._i18n_format_currency";
                    double value = Double.longBitsToDouble(a[0]);
                    String code = c.memory().readUtf8(where, a[1], a[2]);
                    Locale locale = localeArg(c, where, a[3], a[4]);
                    return new long[] {c.memory().writeLp(where, formatCurrency(where, value, code, locale))};
                }),
                ImportSpec.of("env", "_i18n_format_date", "(epoch ms, style, locale) as a UTC date",
                        List.of(F64, I32, I32, I32, I32), List.of(I32), (c, a) -> {
                    String where = "env._i18n_format_date";
                    double millis = Double.longBitsToDouble(a[0]);
                    String style = a[2] == 0 ? "medium" : c.memory().readUtf8(where, a[1], a[2]);
                    Locale locale = localeArg(c, where, a[3], a[4]);
                    return new long[] {c.memory().writeLp(where, formatDate(where, millis, style, locale))};
                }));
    }

    private static ActiveLocale active(CleanInstance caller) {
        return caller.local(ActiveLocale.class, ActiveLocale::new);
    }

    /** The locale passed as {@code (ptr, len)}; an empty one means the instance's active locale. */
    private static Locale localeArg(CleanInstance caller, String where, long ptr, long len) {
        String tag = len == 0 ? active(caller).tag : caller.memory().readUtf8(where, ptr, len);
        return locale(where, tag);
    }

    static Locale locale(String where, String tag) {
        try {
            return new Locale.Builder().setLanguageTag(tag.replace('_', '-')).build();
        } catch (IllformedLocaleException e) {
            throw new CleanAbiException(where, "locale \"" + tag + "\" is not a BCP 47 language tag (" + e.getMessage() + ")");
        }
    }

    /** Parses a params/options argument: empty means {}; otherwise it must be a JSON object. */
    static JsonNode params(String where, String text) {
        if (text.isEmpty()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new CleanAbiException(where, "params must be a JSON object, got " + abbreviate(text));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new CleanAbiException(where, "params are not valid JSON: " + abbreviate(text));
        }
    }

    static String formatNumber(String where, double value, Locale locale, JsonNode options) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setRoundingMode(RoundingMode.HALF_UP);
        JsonNode decimals = options.get("decimals");
        if (decimals != null && !decimals.isNull()) {
            if (!decimals.canConvertToInt() || decimals.asInt() < 0 || decimals.asInt() > 20 || !decimals.isIntegralNumber()) {
                throw new CleanAbiException(where, "options.decimals must be an integer 0..20, got " + decimals);
            }
            format.setMinimumFractionDigits(decimals.asInt());
            format.setMaximumFractionDigits(decimals.asInt());
        }
        JsonNode grouping = options.get("useGrouping");
        if (grouping != null && !grouping.isNull()) {
            if (!grouping.isBoolean()) {
                throw new CleanAbiException(where, "options.useGrouping must be a boolean, got " + grouping);
            }
            format.setGroupingUsed(grouping.asBoolean());
        }
        return format.format(value);
    }

    static String formatCurrency(String where, double value, String code, Locale locale) {
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new CleanAbiException(where, "\"" + code + "\" is not an ISO 4217 currency code");
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }

    static String formatDate(String where, double millis, String style, Locale locale) {
        if (Double.isNaN(millis) || Double.isInfinite(millis) || Math.abs(millis) > 8.64e15) {
            throw new CleanAbiException(where, "timestamp " + millis + " ms is not a representable date");
        }
        FormatStyle formatStyle;
        switch (style) {
            case "short": formatStyle = FormatStyle.SHORT; break;
            case "medium": formatStyle = FormatStyle.MEDIUM; break;
            case "long": formatStyle = FormatStyle.LONG; break;
            case "full": formatStyle = FormatStyle.FULL; break;
            default: throw new CleanAbiException(where, "style \"" + style + "\" is not short, medium, long or full");
        }
        return DateTimeFormatter.ofLocalizedDate(formatStyle).withLocale(locale)
                .format(Instant.ofEpochMilli((long) Math.floor(millis)).atZone(ZoneOffset.UTC));
    }

    private static String abbreviate(String text) {
        return "\"" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "\"";
    }
}
