/**
 * The service interface behind Clean's async imports: {@link org.cleanhost.wasm.async.AsyncHost}. wasm-host
 * marshals the imports and calls it; reactor-bridge's {@code CleanRuntime} implements it. Applications use it
 * only to serve the async ABI some other way.
 */
package org.cleanhost.wasm.async;
