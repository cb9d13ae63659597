package org.cleanhost.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link InvalidCleanPropertyException} into a startup report naming the property. */
class CleanPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCleanPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidCleanPropertyException cause) {
        String description = "The Clean runtime could not be configured.\n\n"
                + "    Property: " + cause.property() + "\n"
                + "    Value:    " + (cause.value() == null ? "(not set)" : cause.value()) + "\n"
                + "    Reason:   " + cause.reason();
        String action = "Update '" + cause.property() + "' in your application's configuration"
                + " (application.yml, application.properties or the environment)"
                + (cause.property().equals("clean.module")
                        ? ", e.g. clean.module=classpath:app.wasm, or define your own CleanRuntime bean."
                        : ".");
        return new FailureAnalysis(description, action, cause);
    }
}
