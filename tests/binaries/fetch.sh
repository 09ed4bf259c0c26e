#!/usr/bin/env bash
# tests/binaries/fetch.sh [CACHE_DIR]
#
# Build a cache of REAL binaries for licscan's binary-evidence tests (tests/read/test_binary_*.py;
# they skip without it, except under CI=true, and .ci/run runs this first). CACHE_DIR defaults to
# $LICSCAN_TESTBINS, else ~/.cache/licscan-testbins. Nothing of it is ever committed:
#   debs/      Debian packages fetched with `apt-get download`
#   root/PKG/  each package unpacked with `dpkg-deb -x`
#   bin/       small test executables linked with `cc` against the packages'
#              static .a libraries, plus `NAME.stripped` copies (strip --strip-all)
#   wheels/    PyPI wheels for macOS / Windows / Linux aarch64 (pip download --only-binary=:all:)
#   wheelx/W/  the native members (.so/.pyd/.dll/.dylib) of each wheel, and its
#              dist-info license texts; the aarch64 cffi wheels' `_cffi_backend*.so` (libffi
#              linked statically) also as `NAME.stripped` (llvm-strip --strip-all)
#   manifest.json  what is where, with the Debian package versions
#
# Idempotent: every step is skipped when its output already exists, and the
# network (apt-get update / download, pip download) is only touched when
# something is missing. Needs: apt-get, dpkg-deb, cc (gcc), strip, python3, and
# llvm-strip (Debian's llvm: GNU strip reads only the host's architecture).
# Network: Debian's apt and PyPI only.
set -euo pipefail

CACHE=${1:-${LICSCAN_TESTBINS:-"$HOME/.cache/licscan-testbins"}}
PYTHON=${PYTHON:-python3}
mkdir -p "$CACHE"/{debs,root,bin,src,wheels,wheelx}
CACHE=$(cd "$CACHE" && pwd)
MA=$(gcc -print-multiarch 2>/dev/null || dpkg-architecture -qDEB_HOST_MULTIARCH)
START=$(date +%s)

log() { printf '[tests/binaries/fetch.sh] %s\n' "$*" >&2; }
WORKED=0

# ---------------------------------------------------------------- packages
# Runtime libraries (the .so files) of every family PBS has shipped that
# Debian has, plus the -dev packages whose static .a we link below.
REQUIRED_PKGS=(
  libreadline8 libedit2 libgdbm6 libgdbm-compat4 libsqlite3-0 libssl3
  libdb5.3 libffi8 libbz2-1.0 liblzma5 zlib1g libexpat1 libncursesw6
  libtinfo6 libuuid1 libx11-6 libxau6 libxcb1 libzstd1 libtcl8.6 libtk8.6
  tix musl musl-dev libbsd0 libmd0
  libpython3.11 python3.11-minimal libpython3.11-stdlib
  python3-gdbm python3-tk   # CPython modules that only import gdbm / tcl-tk (negative controls)
  libreadline-dev libedit-dev libgdbm-dev libsqlite3-dev libssl-dev
  libncurses-dev zlib1g-dev libbz2-dev liblzma-dev libexpat1-dev libffi-dev
  libzstd-dev uuid-dev libdb5.3-dev libbsd-dev libmd-dev
)
# Not in every Debian release (bookworm has no libmpdec3: CPython's bundled
# libmpdec in _decimal is the mpdecimal evidence there).
OPTIONAL_PKGS=(libmpdec3 libmpdec-dev)

# a package is "had" once it is unpacked (the .deb is deleted afterwards to
# keep the cache small; its control fields stay in root/PKG/.control)
# (an optional package this Debian lacks is remembered in .absent, so it is not asked again)
have_deb() {
  [[ -f "$CACHE/root/$1/.control" ]] || compgen -G "$CACHE/debs/${1}_*.deb" >/dev/null ||
    grep -qx "$1" "$CACHE/.absent" 2>/dev/null
}

missing=()
for p in "${REQUIRED_PKGS[@]}" "${OPTIONAL_PKGS[@]}"; do
  have_deb "$p" || missing+=("$p")
done
if ((${#missing[@]})); then
  WORKED=1
  log "apt-get update (once)"
  apt-get update -qq
  want=()
  for p in "${missing[@]}"; do
    cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/{print $2}')
    if [[ -z "$cand" || "$cand" == "(none)" ]]; then
      if [[ " ${OPTIONAL_PKGS[*]} " == *" $p "* ]]; then
        log "optional package $p does not exist here; skipped"
        echo "$p" >>"$CACHE/.absent"
        continue
      fi
      log "ERROR: required package $p has no candidate"; exit 1
    fi
    want+=("$p")
  done
  if ((${#want[@]})); then
    log "apt-get download ${want[*]}"
    # apt drops privileges to _apt for downloads; let it write there.
    chmod 0777 "$CACHE/debs" 2>/dev/null || true
    (cd "$CACHE/debs" && apt-get download -qq "${want[@]}")
  fi
fi

shopt -s nullglob
for deb in "$CACHE"/debs/*.deb; do
  pkg=$(dpkg-deb -f "$deb" Package)
  if [[ ! -f "$CACHE/root/$pkg/.control" ]]; then
    rm -rf "$CACHE/root/$pkg.tmp" "$CACHE/root/$pkg"
    dpkg-deb -x "$deb" "$CACHE/root/$pkg.tmp"
    # drop what carries no binary evidence
    rm -rf "$CACHE/root/$pkg.tmp"/usr/share/{doc,man,info,locale,lintian}
    if [[ $pkg == libpython3.*-stdlib ]]; then   # keep only lib-dynload/*.so
      find "$CACHE/root/$pkg.tmp" -type f ! -path '*/lib-dynload/*' -delete
    fi
    { dpkg-deb -f "$deb"; echo "Deb: $(basename "$deb")"; } >"$CACHE/root/$pkg.tmp/.control"
    mv "$CACHE/root/$pkg.tmp" "$CACHE/root/$pkg"
  fi
  rm -f "$deb"
done
shopt -u nullglob

R=$CACHE/root
L() { echo "$R/$1/usr/lib/$MA/$2"; }       # path of a library inside a package
I() { echo "-I$R/$1/usr/include"; }          # include dir of a package

# ---------------------------------------------------------------- programs
# Each program exercises the library the way CPython's extension module does
# (so that the same objects are pulled out of the .a as in a PBS libpython).
cat >"$CACHE/src/readline.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>
static char *gen(const char *t, int s) { (void)t; (void)s; return NULL; }
static char **compl(const char *t, int s, int e) { (void)s; (void)e; return rl_completion_matches(t, gen); }
int main(int argc, char **argv) {
  printf("%s %d\n", rl_library_version, rl_readline_version);
  if (argc > 1) {
    using_history(); read_history(argv[1]); rl_parse_and_bind("tab: complete");
    rl_attempted_completion_function = compl; rl_bind_key('\t', rl_complete);
    char *l = readline("> "); if (l) { add_history(l); free(l); }
    write_history(argv[1]); history_truncate_file(argv[1], 10); clear_history();
    rl_callback_handler_install("> ", NULL); rl_callback_read_char(); rl_callback_handler_remove();
  }
  return 0;
}
EOF
cat >"$CACHE/src/editline.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>
int main(int argc, char **argv) {
  printf("%s %d\n", rl_library_version, rl_readline_version);
  if (argc > 1) {
    using_history(); read_history(argv[1]); rl_parse_and_bind("bind ^I rl_complete");
    char *l = readline("> "); if (l) { add_history(l); free(l); }
    write_history(argv[1]); clear_history();
    rl_callback_handler_install("> ", NULL); rl_callback_read_char(); rl_callback_handler_remove();
  }
  return 0;
}
EOF
cat >"$CACHE/src/gdbm.c" <<'EOF'
#include <stdio.h>
#include <gdbm.h>
int main(int argc, char **argv) {
  printf("%s\n", gdbm_version);
  if (argc > 1) {
    GDBM_FILE f = gdbm_open(argv[1], 0, GDBM_WRCREAT, 0644, NULL);
    datum k = {"k", 1}, v = {"v", 1};
    gdbm_store(f, k, v, GDBM_REPLACE); v = gdbm_fetch(f, k);
    for (k = gdbm_firstkey(f); k.dptr; k = gdbm_nextkey(f, k)) {}
    gdbm_reorganize(f); gdbm_sync(f); gdbm_close(f);
    puts(gdbm_strerror(gdbm_errno));
  }
  return 0;
}
EOF
cat >"$CACHE/src/sqlite.c" <<'EOF'
#include <stdio.h>
#include <sqlite3.h>
int main(void) {
  sqlite3 *db; printf("%s\n", sqlite3_libversion());
  sqlite3_open(":memory:", &db); sqlite3_exec(db, "create table t(x); insert into t values(1);", 0, 0, 0);
  sqlite3_close(db); return 0;
}
EOF
cat >"$CACHE/src/openssl.c" <<'EOF'
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/evp.h>
#include <openssl/crypto.h>
int main(void) {
  unsigned char md[64]; unsigned int n;
  printf("%s\n", OpenSSL_version(OPENSSL_VERSION));
  SSL_CTX *c = SSL_CTX_new(TLS_method()); SSL *s = SSL_new(c); SSL_free(s); SSL_CTX_free(c);
  EVP_Digest("a", 1, md, &n, EVP_sha256(), NULL);
  return 0;
}
EOF
cat >"$CACHE/src/zlib.c" <<'EOF'
#include <stdio.h>
#include <zlib.h>
int main(void) {
  unsigned char a[64], b[64]; uLongf na = sizeof a, nb = sizeof b;
  compress2(a, &na, (const Bytef *)"hello", 5, 9); uncompress(b, &nb, a, na);
  printf("%s %lu\n", zlibVersion(), crc32(0, b, nb)); return 0;
}
EOF
cat >"$CACHE/src/bz2.c" <<'EOF'
#include <stdio.h>
#include <bzlib.h>
int main(void) {
  char a[256], b[256]; unsigned na = sizeof a, nb = sizeof b;
  BZ2_bzBuffToBuffCompress(a, &na, "hello", 5, 9, 0, 0); BZ2_bzBuffToBuffDecompress(b, &nb, a, na, 0, 0);
  printf("%s\n", BZ2_bzlibVersion()); return 0;
}
EOF
cat >"$CACHE/src/lzma.c" <<'EOF'
#include <stdio.h>
#include <lzma.h>
int main(void) {
  uint8_t a[256], b[256]; size_t na = 0, nb = 0, ip = 0;
  lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, (const uint8_t *)"hello", 5, a, &na, sizeof a);
  uint64_t lim = UINT64_MAX; lzma_stream_buffer_decode(&lim, 0, NULL, a, &ip, na, b, &nb, sizeof b);
  printf("%s\n", lzma_version_string()); return 0;
}
EOF
cat >"$CACHE/src/expat.c" <<'EOF'
#include <stdio.h>
#include <expat.h>
int main(void) {
  XML_Parser p = XML_ParserCreate(NULL); XML_Parse(p, "<a/>", 4, 1); XML_ParserFree(p);
  printf("%s\n", XML_ExpatVersion()); return 0;
}
EOF
cat >"$CACHE/src/ffi.c" <<'EOF'
#include <stdio.h>
#include <ffi.h>
static int f(int x) { return x + 1; }
int main(void) {
  ffi_cif cif; ffi_type *at[1] = {&ffi_type_sint}; int x = 41; void *av[1] = {&x}; ffi_arg r;
  ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, at); ffi_call(&cif, FFI_FN(f), &r, av);
  printf("%d\n", (int)r); return 0;
}
EOF
cat >"$CACHE/src/zstd.c" <<'EOF'
#include <stdio.h>
#include <zstd.h>
int main(void) {
  char a[256], b[256]; size_t n = ZSTD_compress(a, sizeof a, "hello", 5, 3); ZSTD_decompress(b, sizeof b, a, n);
  printf("%s\n", ZSTD_versionString()); return 0;
}
EOF
cat >"$CACHE/src/uuid.c" <<'EOF'
#include <stdio.h>
#include <uuid/uuid.h>
int main(void) { uuid_t u; char s[37]; uuid_generate_time_safe(u); uuid_unparse(u, s); puts(s); return 0; }
EOF
cat >"$CACHE/src/ncurses.c" <<'EOF'
#include <stdio.h>
#include <curses.h>
#include <term.h>
int main(int argc, char **argv) {
  printf("%s\n", curses_version());
  if (argc > 1) { initscr(); addstr("x"); refresh(); endwin(); }
  return 0;
}
EOF
cat >"$CACHE/src/bdb.c" <<'EOF'
#include <stdio.h>
#include <db.h>
int main(void) {
  DB *db; int ma, mi, pa; printf("%s\n", db_version(&ma, &mi, &pa));
  db_create(&db, NULL, 0); db->open(db, NULL, NULL, NULL, DB_HASH, DB_CREATE, 0); db->close(db, 0);
  return 0;
}
EOF
cat >"$CACHE/src/hello.c" <<'EOF'
#include <stdio.h>
int main(void) { printf("hello %d\n", 42); return 0; }
EOF

# name | source | compile/link arguments (static .a files named explicitly)
BUILDS=(
  "readline-static|readline.c|$(I libreadline-dev) $(L libreadline-dev libreadline.a) $(L libncurses-dev libtinfo.a)"
  "editline-static|editline.c|$(I libedit-dev) $(L libedit-dev libedit.a) $(L libncurses-dev libtinfo.a) $(L libbsd-dev libbsd.a) $(L libmd-dev libmd.a)"
  "gdbm-static|gdbm.c|$(I libgdbm-dev) $(L libgdbm-dev libgdbm.a)"
  "sqlite-static|sqlite.c|$(I libsqlite3-dev) $(L libsqlite3-dev libsqlite3.a) -lm -lpthread -ldl"
  "openssl-static|openssl.c|$(I libssl-dev) -I$R/libssl-dev/usr/include/$MA $(L libssl-dev libssl.a) $(L libssl-dev libcrypto.a) -lpthread -ldl"
  "zlib-static|zlib.c|$(I zlib1g-dev) $(L zlib1g-dev libz.a)"
  "bz2-static|bz2.c|$(I libbz2-dev) $(L libbz2-dev libbz2.a)"
  "lzma-static|lzma.c|$(I liblzma-dev) $(L liblzma-dev liblzma.a) -lpthread"
  "expat-static|expat.c|$(I libexpat1-dev) $(L libexpat1-dev libexpat.a)"
  "ffi-static|ffi.c|$(I libffi-dev) -I$R/libffi-dev/usr/include/$MA $(L libffi-dev libffi.a)"
  "zstd-static|zstd.c|$(I libzstd-dev) $(L libzstd-dev libzstd.a)"
  "uuid-static|uuid.c|$(I uuid-dev) $(L uuid-dev libuuid.a)"
  "ncurses-static|ncurses.c|$(I libncurses-dev) $(L libncurses-dev libncursesw.a) $(L libncurses-dev libtinfo.a)"
  "bdb-static|bdb.c|$(I libdb5.3-dev) $(L libdb5.3-dev libdb-5.3.a) -lpthread"
)
for b in "${BUILDS[@]}"; do
  IFS='|' read -r name src args <<<"$b"
  out=$CACHE/bin/$name
  if [[ ! -x "$out" ]]; then
    log "cc $name"; WORKED=1
    # shellcheck disable=SC2086
    cc -O2 -w -o "$out.tmp" "$CACHE/src/$src" $args
    mv "$out.tmp" "$out"
  fi
  [[ -f "$out.stripped" ]] || strip --strip-all -o "$out.stripped" "$out"
done

# musl: a fully static executable against musl's own libc.a (as PBS musl builds are)
M=$R/musl-dev/usr/lib/musl
MI=$R/musl-dev/usr/include/$(echo "$MA" | sed 's/-gnu$/-musl/')
if [[ ! -x "$CACHE/bin/musl-static" ]]; then
  log "cc musl-static"
  ML=$M/lib
  [[ -d "$ML" ]] || ML=$R/musl-dev/usr/lib/$(echo "$MA" | sed 's/-gnu$/-musl/')
  cc -O2 -static -nostdlib -nostdinc -isystem "$MI" -isystem "$(gcc -print-file-name=include)" \
    -o "$CACHE/bin/musl-static.tmp" "$ML/crt1.o" "$ML/crti.o" "$CACHE/src/hello.c" "$ML/libc.a" \
    "$(gcc -print-libgcc-file-name)" "$ML/crtn.o"
  mv "$CACHE/bin/musl-static.tmp" "$CACHE/bin/musl-static"
fi
[[ -f "$CACHE/bin/musl-static.stripped" ]] || strip --strip-all -o "$CACHE/bin/musl-static.stripped" "$CACHE/bin/musl-static"
# a glibc-dynamic control executable (contains none of the libraries)
if [[ ! -x "$CACHE/bin/hello-glibc" ]]; then
  cc -O2 -o "$CACHE/bin/hello-glibc" "$CACHE/src/hello.c"
  strip --strip-all -o "$CACHE/bin/hello-glibc.stripped" "$CACHE/bin/hello-glibc"
fi

# ---------------------------------------------------------------- wheels
# Mach-O (thin + universal2) and PE binaries that carry OpenSSL / SQLite /
# zlib-ng statically, plus the MSVC runtime DLLs. Versions pinned.
WHEELS=(
  "cryptography==46.0.3|macosx_10_9_universal2|3.11"
  "cryptography==46.0.3|win_amd64|3.11"
  "apsw==3.50.4.0|macosx_11_0_arm64|3.11"
  "apsw==3.50.4.0|win_amd64|3.11"
  "zlib-ng==0.5.1|win_amd64|3.11"
  "msvc-runtime==14.42.34433|win_amd64|3.11"
  "cffi==2.1.1|manylinux2014_aarch64|3.11"   # aarch64 libffi 3.4 linked statically, BTI pads
  "cffi==1.17.1|manylinux2014_aarch64|3.11"  #   and an older build of it without them
  "pip==24.0|any|3.11"          # license texts only: CPython 3.11's ensurepip wheels
  "setuptools==65.5.0|any|3.11" #   (tests/inventory/test_text_ids.py)
)
for w in "${WHEELS[@]}"; do
  IFS='|' read -r req plat pyv <<<"$w"
  name=${req%%==*}; ver=${req##*==}
  stem=$(echo "$name" | tr - _)-$ver
  if ! compgen -G "$CACHE/wheels/${stem}-*${plat}*.whl" >/dev/null &&
     ! compgen -G "$CACHE/wheelx/${stem}-*${plat}*/.wheel" >/dev/null; then
    log "pip download $req ($plat)"; WORKED=1
    "$PYTHON" -m pip download -q --no-deps --only-binary=:all: --platform "$plat" \
      --python-version "$pyv" --implementation cp -d "$CACHE/wheels" "$req"
  fi
done
"$PYTHON" - "$CACHE" <<'EOF'
import sys, zipfile, pathlib
cache = pathlib.Path(sys.argv[1])
for whl in sorted((cache / "wheels").glob("*.whl")):
    dest = cache / "wheelx" / whl.stem
    if dest.is_dir():
        continue
    tmp = dest.with_suffix(".tmp")
    with zipfile.ZipFile(whl) as z:
        for n in z.namelist():
            base = n.rsplit("/", 1)[-1]
            text = ".dist-info/" in n and not base.endswith(".py") and (
                base.upper().startswith(("LICEN", "COPYING", "COPYRIGHT", "AUTHORS", "NOTICE"))
                or ".dist-info/licenses/" in n)
            if n.lower().endswith((".so", ".pyd", ".dll", ".dylib")) or text:
                z.extract(n, tmp)
    tmp.rename(dest)
    (dest / ".wheel").write_text(whl.name + "\n")
    whl.unlink()  # the extracted natives are all the tests need
EOF
# a stripped copy of each aarch64 libffi link, as PBS's install_only_stripped builds ship
for so in "$CACHE"/wheelx/cffi-*aarch64*/_cffi_backend.*.so; do
  [[ -f "$so" && ! -f "$so.stripped" ]] || continue
  LLVM_STRIP=$(command -v llvm-strip || command -v llvm-strip-14 || true)
  if [[ -z "$LLVM_STRIP" ]]; then
    log "ERROR: llvm-strip not found (Debian's llvm) to strip the aarch64 $so"; exit 1
  fi
  log "llvm-strip $(basename "$(dirname "$so")")"; WORKED=1
  "$LLVM_STRIP" --strip-all -o "$so.tmp" "$so"
  mv "$so.tmp" "$so.stripped"
done

# ---------------------------------------------------------------- manifest
"$PYTHON" - "$CACHE" "$MA" <<'EOF'
import json, pathlib, sys
cache, ma = pathlib.Path(sys.argv[1]), sys.argv[2]
pkgs = {}
for ctl in sorted((cache / "root").glob("*/.control")):
    fields = dict(line.split(": ", 1) for line in ctl.read_text().splitlines() if ": " in line and not line.startswith(" "))
    pkgs[fields["Package"]] = {"version": fields["Version"], "deb": fields["Deb"], "root": f"root/{ctl.parent.name}"}
bins = sorted(p.name for p in (cache / "bin").iterdir() if p.is_file() and not p.name.endswith(".tmp"))
wheels = {p.name: sorted(str(q.relative_to(p)) for q in p.rglob("*") if q.is_file() and q.name != ".wheel")
          for p in sorted((cache / "wheelx").iterdir()) if p.is_dir() and not p.name.endswith(".tmp")}
json.dump({"multiarch": ma, "packages": pkgs, "bin": bins, "wheels": wheels},
          open(cache / "manifest.json", "w"), indent=1, sort_keys=True)
EOF
if ((WORKED)); then
  log "done in $(( $(date +%s) - START ))s; cache $(du -sh "$CACHE" | cut -f1) at $CACHE"
fi
