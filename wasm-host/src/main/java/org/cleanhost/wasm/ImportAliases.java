package org.cleanhost.wasm;

import static java.util.Map.entry;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Other names under which a module may import a host function. Two sources, both resolved by {@link Linker}
 * to the primary {@link ImportSpec} (so an alias never needs its own spec, and binds exactly like its primary,
 * overloads included):
 * <ul>
 *   <li>{@link #EXPLICIT}: every alias the cln 0.33 function registry lists (the aliases column of
 *       ../shared/clean-abi/portable-imports.tsv), for every category, including those whose primary this
 *       branch does not implement: such an alias resolves to nothing until its primary spec exists.</li>
 *   <li>The registry's auto-alias rule: an import named {@code _namespace_fn} is also {@code namespace.fn}
 *       (e.g. {@code env._time_now} is also {@code env.time.now}). See {@link #autoAlias}.</li>
 * </ul>
 * docs/abi.md ("Import aliases") lists {@link #EXPLICIT}; AbiDocumentTest keeps the two equal.
 */
final class ImportAliases {
    private static final Pattern AUTO = Pattern.compile("_([a-z0-9]+)_([A-Za-z0-9_]+)");

    /** Alias ({@code module.name}) to primary ({@code module.name}), as the registry declares them. */
    static final Map<String, String> EXPLICIT = Map.ofEntries(
            entry("env.console_input", "env.input"), // console
            entry("env.math.sin", "env.math_sin"), // math
            entry("env.math.cos", "env.math_cos"), // math
            entry("env.math.tan", "env.math_tan"), // math
            entry("env.math.asin", "env.math_asin"), // math
            entry("env.math.acos", "env.math_acos"), // math
            entry("env.math.atan", "env.math_atan"), // math
            entry("env.math.atan2", "env.math_atan2"), // math
            entry("env.math.sinh", "env.math_sinh"), // math
            entry("env.math.cosh", "env.math_cosh"), // math
            entry("env.math.tanh", "env.math_tanh"), // math
            entry("env.math.ln", "env.math_ln"), // math
            entry("env.math.log10", "env.math_log10"), // math
            entry("env.math.log2", "env.math_log2"), // math
            entry("env.math.exp", "env.math_exp"), // math
            entry("env.math.exp2", "env.math_exp2"), // math
            entry("env.math.pow", "env.math_pow"), // math
            entry("env.math.sqrt", "env.math_sqrt"), // math
            entry("env.math.floor", "env.math_floor"), // math
            entry("env.math.ceil", "env.math_ceil"), // math
            entry("env.math.round", "env.math_round"), // math
            entry("env.math.trunc", "env.math_trunc"), // math
            entry("env.math.abs", "env.math_abs"), // math
            entry("env.math.min", "env.math_min"), // math
            entry("env.math.max", "env.math_max"), // math
            entry("env.math.sign", "env.math_sign"), // math
            entry("env.math.pi", "env.math_pi"), // math
            entry("env.math.e", "env.math_e"), // math
            entry("env.math.random", "env.math_random"), // math
            entry("env.string.concat", "env.string_concat"), // string
            entry("env.string.substring", "env.string_substring"), // string
            entry("env.string.trim", "env.string_trim"), // string
            entry("env.string.trimStart", "env.string_trim_start"), // string
            entry("env.string.trimEnd", "env.string_trim_end"), // string
            entry("env.string.toUpperCase", "env.string_to_upper"), // string
            entry("env.string_toUpperCase", "env.string_to_upper"), // string
            entry("env.string.toLowerCase", "env.string_to_lower"), // string
            entry("env.string_toLowerCase", "env.string_to_lower"), // string
            entry("env.string.replace", "env.string_replace"), // string
            entry("env.string.split", "env.string_split"), // string
            entry("env.string.repeat", "env.string_repeat"), // string
            entry("env.string.matches", "env.string_matches"), // string
            entry("env.integer.toString", "env.int_to_string"), // string
            entry("env.number.toString", "env.float_to_string"), // string
            entry("env.boolean.toString", "env.bool_to_string"), // string
            entry("env.string.toInteger", "env.string_to_int"), // string
            entry("env.string.toNumber", "env.string_to_float"), // string
            entry("env.string.toBoolean", "env.string_to_bool"), // string
            entry("env.html.escape", "env._html_escape"), // string
            entry("env.html.raw", "env._html_raw"), // string
            entry("env.crypto.hash_password", "env._crypto_hash_password"), // crypto
            entry("env.crypto.verify_password", "env._crypto_verify_password"), // crypto
            entry("env.crypto.random_bytes", "env._crypto_random_bytes"), // crypto
            entry("env.crypto.random_hex", "env._crypto_random_hex"), // crypto
            entry("env.crypto.hash_sha256", "env._crypto_hash_sha256"), // crypto
            entry("env.crypto.sha256_bytes", "env._crypto_sha256_bytes"), // crypto
            entry("env.crypto.hash_sha512", "env._crypto_hash_sha512"), // crypto
            entry("env.crypto.hmac", "env._crypto_hmac"), // crypto
            entry("env.jwt.sign", "env._jwt_sign"), // jwt
            entry("env.jwt.verify", "env._jwt_verify"), // jwt
            entry("env.jwt.decode", "env._jwt_decode"), // jwt
            entry("env.time.now", "env._time_now"), // time
            entry("env.arena.scope_push", "env._arena_scope_push"), // memory
            entry("env.arena.scope_pop", "env._arena_scope_pop"), // memory
            entry("env.state.reset_all", "env._state_reset_all"), // state
            entry("env.state.reset_named", "env._state_reset_named"), // state
            entry("env.i18n.t", "env._i18n_t"), // locale
            entry("env.t", "env._i18n_t"), // locale
            entry("env.i18n.tc", "env._i18n_t_count"), // locale
            entry("env.tc", "env._i18n_t_count"), // locale
            entry("env.i18n.locale", "env._i18n_locale"), // locale
            entry("env.locale.get", "env._i18n_locale"), // locale
            entry("env.i18n.setLocale", "env._i18n_set_locale"), // locale
            entry("env.locale.set", "env._i18n_set_locale"), // locale
            entry("env.i18n.formatNumber", "env._i18n_format_number"), // locale
            entry("env.locale.formatNumber", "env._i18n_format_number"), // locale
            entry("env.i18n.formatCurrency", "env._i18n_format_currency"), // locale
            entry("env.locale.formatCurrency", "env._i18n_format_currency"), // locale
            entry("env.i18n.formatDate", "env._i18n_format_date"), // locale
            entry("env.locale.formatDate", "env._i18n_format_date"), // locale
            entry("env.json.encode", "env._json_encode_v2"), // json
            entry("env.json.encodePretty", "env._json_encode_pretty_v2"), // json
            entry("env.json.decode", "env._json_decode_v2"), // json
            entry("env.json.get", "env._json_get"), // json
            entry("env.async.fire", "env._async_fire"), // async
            entry("env.async.await", "env._async_await"), // async
            entry("env.server.sleep", "env._server_sleep"), // async
            entry("env.test.http_request", "env._test_http_request"), // test
            entry("env.test.response_status", "env._test_response_status"), // test
            entry("env.test.response_body", "env._test_response_body") // test
    );

    private ImportAliases() {}

    /**
     * The auto-alias of a primary import name: {@code _namespace_fn} gives {@code namespace.fn}; any other
     * name has none ({@code null}). Only the first {@code _}-separated word is the namespace:
     * {@code _i18n_t_count} gives {@code i18n.t_count}.
     */
    static String autoAlias(String name) {
        Matcher m = AUTO.matcher(name);
        return m.matches() ? m.group(1) + "." + m.group(2) : null;
    }
}
