;; http.wat — conformance guest for the HTTP client imports (HttpImportsTest, COMPILED and INTERPRETED).
;;
;; Lowered by hand the way cln 0.33 lowers this Clean program: every `string` argument of an http bridge
;; expands to (ptr + 4, length) of its LP string, `integer`/`boolean` settings are i32, results are LP
;; strings, `base + "/hello"` is env.string.concat on the two LP pointers, printing an integer is
;; print_integer(i64). The base URL (a local test server) is a parameter: its port is only known at run time.
;;
;;   functions:
;;       string get(string url) -> return http.get(url)
;;       string post(string url, string body) -> return http.post(url, body)
;;       string put(string url, string body) -> return http.put(url, body)
;;       string patch(string url, string body) -> return http.patch(url, body)
;;       string delete(string url) -> return http.delete(url)
;;       string head(string url) -> return http.head(url)
;;       string options(string url) -> return http.options(url)
;;       string post_json(string url, string body) -> return http.postJson(url, body)
;;       string put_json(string url, string body) -> return http.putJson(url, body)
;;       string patch_json(string url, string body) -> return http.patchJson(url, body)
;;       string post_form(string url, string body) -> return http.postForm(url, body)
;;       string get_with_headers(string url, string headers) -> return http.getWithHeaders(url, headers)
;;       string post_with_headers(string url, string body, string headers) -> return http.postWithHeaders(url, body, headers)
;;       string put_with_headers(string url, string body, string headers) -> return http.putWithHeaders(url, body, headers)
;;       string patch_with_headers(string url, string body, string headers) -> return http.patchWithHeaders(url, body, headers)
;;       string delete_with_headers(string url, string headers) -> return http.deleteWithHeaders(url, headers)
;;       set_user_agent(string agent) -> http.setUserAgent(agent)    (likewise set_timeout, set_max_redirects, enable_cookies)
;;       integer status() -> return http.responseCode()          (last_body, last_headers likewise)
;;       string encode_url(string s) -> return http.encodeUrl(s)   (decode_url, build_query likewise)
;;       report(string base)
;;           printl(http.get(base + "/hello"))
;;           printl("status " + http.responseCode().toString())
;;           printl(http.postJson(base + "/echo", "{\"n\":1}"))
;;           printl(http.getWithHeaders(base + "/missing", "{\"X-Test\":\"yes\"}"))
;;           printl("status " + http.responseCode().toString())
;;           printl(http.encodeUrl("a b&c=d/é"))
;;           printl(http.buildQuery("{\"q\":\"x y\",\"n\":2}"))
(module
  (import "env" "print" (func $print (param i32 i32)))
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_integer" (func $print_integer (param i64)))
  (import "env" "string.concat" (func $concat (param i32 i32) (result i32)))
  (import "env" "http_get" (func $http_get (param i32 i32) (result i32)))
  (import "env" "http_post" (func $http_post (param i32 i32 i32 i32) (result i32)))
  (import "env" "http_put" (func $http_put (param i32 i32 i32 i32) (result i32)))
  (import "env" "http_patch" (func $http_patch (param i32 i32 i32 i32) (result i32)))
  (import "env" "http_delete" (func $http_delete (param i32 i32) (result i32)))
  (import "env" "http_head" (func $http_head (param i32 i32) (result i32)))
  (import "env" "http_options" (func $http_options (param i32 i32) (result i32)))
  (import "env" "http_post_json" (func $http_post_json (param i32 i32 i32 i32) (result i32)))
  (import "env" "http_put_json" (func $http_put_json (param i32 i32 i32 i32) (result i32)))
  (import "env" "http_patch_json" (func $http_patch_json (param i32 i32 i32 i32) (result i32)))
  (import "env" "http_post_form" (func $http_post_form (param i32 i32 i32 i32) (result i32)))
  (import "env" "http_get_with_headers" (func $http_get_with_headers (param i32 i32 i32 i32) (result i32)))
  (import "env" "http_post_with_headers" (func $http_post_with_headers (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "http_put_with_headers" (func $http_put_with_headers (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "http_patch_with_headers" (func $http_patch_with_headers (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "http_delete_with_headers" (func $http_delete_with_headers (param i32 i32 i32 i32) (result i32)))
  (import "env" "http_set_user_agent" (func $http_set_user_agent (param i32 i32)))
  (import "env" "http_set_timeout" (func $http_set_timeout (param i32)))
  (import "env" "http_set_max_redirects" (func $http_set_max_redirects (param i32)))
  (import "env" "http_enable_cookies" (func $http_enable_cookies (param i32)))
  (import "env" "http_get_response_code" (func $http_get_response_code (result i32)))
  (import "env" "http_get_response_body" (func $http_get_response_body (result i32)))
  (import "env" "http_get_response_headers" (func $http_get_response_headers (result i32)))
  (import "env" "http_encode_url" (func $http_encode_url (param i32 i32) (result i32)))
  (import "env" "http_decode_url" (func $http_decode_url (param i32 i32) (result i32)))
  (import "env" "http_build_query" (func $http_build_query (param i32 i32) (result i32)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

  (data (i32.const 1024) "\06\00\00\00/hello")
  (data (i32.const 1040) "\05\00\00\00/echo")
  (data (i32.const 1056) "\08\00\00\00/missing")
  (data (i32.const 1072) "\07\00\00\00{\22n\22:1}")
  (data (i32.const 1088) "\0a\00\00\00a b&c=d/\c3\a9")
  (data (i32.const 1104) "\11\00\00\00{\22q\22:\22x y\22,\22n\22:2}")
  (data (i32.const 1136) "\00\00\00\00")
  (data (i32.const 1152) "\07\00\00\00status ")
  (data (i32.const 1168) "\10\00\00\00{\22X-Test\22:\22yes\22}")

  ;; cln 0.33's bump allocator: 8-byte aligned, grows memory, 0 when it cannot.
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $old i32) (local $end i32)
    global.get $heap
    local.set $old
    local.get $old
    local.get $size
    i32.const 7
    i32.add
    i32.const -8
    i32.and
    i32.add
    local.set $end
    local.get $end
    memory.size
    i32.const 16
    i32.shl
    i32.gt_u
    if
      local.get $end
      i32.const 16
      i32.shr_u
      memory.size
      i32.sub
      i32.const 1
      i32.add
      memory.grow
      i32.const -1
      i32.eq
      if
        i32.const 0
        return
      end
    end
    local.get $end
    global.set $heap
    local.get $old)
  (func (export "free") (param i32))
  (func (export "scope_push") (result i32) global.get $heap)
  (func (export "scope_pop") (param i32) local.get 0 global.set $heap)

  ;; printl(s) for an LP string s: (s + 4, length)
  (func $println (param $s i32)
    (call $printl (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s))))

  (func $get (export "get") (param $url i32) (result i32)
    (call $http_get (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url))))
  (func $post (export "post") (param $url i32) (param $body i32) (result i32)
    (call $http_post (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $body) (i32.const 4)) (i32.load (local.get $body))))
  (func $put (export "put") (param $url i32) (param $body i32) (result i32)
    (call $http_put (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $body) (i32.const 4)) (i32.load (local.get $body))))
  (func $patch (export "patch") (param $url i32) (param $body i32) (result i32)
    (call $http_patch (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $body) (i32.const 4)) (i32.load (local.get $body))))
  (func $delete (export "delete") (param $url i32) (result i32)
    (call $http_delete (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url))))
  (func $head (export "head") (param $url i32) (result i32)
    (call $http_head (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url))))
  (func $options (export "options") (param $url i32) (result i32)
    (call $http_options (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url))))
  (func $post_json (export "post_json") (param $url i32) (param $body i32) (result i32)
    (call $http_post_json (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $body) (i32.const 4)) (i32.load (local.get $body))))
  (func $put_json (export "put_json") (param $url i32) (param $body i32) (result i32)
    (call $http_put_json (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $body) (i32.const 4)) (i32.load (local.get $body))))
  (func $patch_json (export "patch_json") (param $url i32) (param $body i32) (result i32)
    (call $http_patch_json (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $body) (i32.const 4)) (i32.load (local.get $body))))
  (func $post_form (export "post_form") (param $url i32) (param $body i32) (result i32)
    (call $http_post_form (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $body) (i32.const 4)) (i32.load (local.get $body))))
  (func $get_with_headers (export "get_with_headers") (param $url i32) (param $headers i32) (result i32)
    (call $http_get_with_headers (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $headers) (i32.const 4)) (i32.load (local.get $headers))))
  (func $post_with_headers (export "post_with_headers") (param $url i32) (param $body i32) (param $headers i32) (result i32)
    (call $http_post_with_headers (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $body) (i32.const 4)) (i32.load (local.get $body)) (i32.add (local.get $headers) (i32.const 4)) (i32.load (local.get $headers))))
  (func $put_with_headers (export "put_with_headers") (param $url i32) (param $body i32) (param $headers i32) (result i32)
    (call $http_put_with_headers (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $body) (i32.const 4)) (i32.load (local.get $body)) (i32.add (local.get $headers) (i32.const 4)) (i32.load (local.get $headers))))
  (func $patch_with_headers (export "patch_with_headers") (param $url i32) (param $body i32) (param $headers i32) (result i32)
    (call $http_patch_with_headers (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $body) (i32.const 4)) (i32.load (local.get $body)) (i32.add (local.get $headers) (i32.const 4)) (i32.load (local.get $headers))))
  (func $delete_with_headers (export "delete_with_headers") (param $url i32) (param $headers i32) (result i32)
    (call $http_delete_with_headers (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url)) (i32.add (local.get $headers) (i32.const 4)) (i32.load (local.get $headers))))
  (func (export "set_user_agent") (param $agent i32) (call $http_set_user_agent (i32.add (local.get $agent) (i32.const 4)) (i32.load (local.get $agent))))
  (func (export "set_timeout") (param $ms i32) (call $http_set_timeout (local.get $ms)))
  (func (export "set_max_redirects") (param $n i32) (call $http_set_max_redirects (local.get $n)))
  (func (export "enable_cookies") (param $on i32) (call $http_enable_cookies (local.get $on)))
  (func $status (export "status") (result i32) (call $http_get_response_code))
  (func (export "last_body") (result i32) (call $http_get_response_body))
  (func (export "last_headers") (result i32) (call $http_get_response_headers))
  (func $encode_url (export "encode_url") (param $s i32) (result i32) (call $http_encode_url (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s))))
  (func (export "decode_url") (param $s i32) (result i32) (call $http_decode_url (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s))))
  (func $build_query (export "build_query") (param $s i32) (result i32) (call $http_build_query (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s))))

  (func (export "report") (param $base i32)
    (call $println (call $get (call $concat (local.get $base) (i32.const 1024))))
    (call $print (i32.const 1156) (i32.load (i32.const 1152)))
    (call $print_integer (i64.extend_i32_s (call $status)))
    (call $println (i32.const 1136))
    (call $println (call $post_json (call $concat (local.get $base) (i32.const 1040)) (i32.const 1072)))
    (call $println (call $get_with_headers (call $concat (local.get $base) (i32.const 1056)) (i32.const 1168)))
    (call $print (i32.const 1156) (i32.load (i32.const 1152)))
    (call $print_integer (i64.extend_i32_s (call $status)))
    (call $println (i32.const 1136))
    (call $println (call $encode_url (i32.const 1088)))
    (call $println (call $build_query (i32.const 1104))))
)
