from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'review/facts.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_inventory = resolve('inventory')
    l_0_archive_size = resolve('archive_size')
    l_0_release_text = resolve('release_text')
    pass
    yield '<section id="distribution" aria-labelledby="distribution-title">\n  <h2 id="distribution-title">Distribution</h2>\n  <dl class="facts">\n    <dt>Archive</dt><dd><code>'
    yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'archive'), 'file_name'))
    yield '</code></dd>\n    <dt>SHA-256</dt><dd><code class="hash">'
    yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'archive'), 'sha256'))
    yield '</code></dd>\n    <dt>Size</dt><dd>'
    yield escape((undefined(name='archive_size') if l_0_archive_size is missing else l_0_archive_size))
    yield ', '
    yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'archive'), 'member_count'))
    yield ' members, '
    yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'archive'), 'container'))
    yield '</dd>\n    <dt>Flavor</dt><dd>'
    yield escape(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'flavor'))
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'partial'):
        pass
        yield ' (no PYTHON.json, build/ or licenses/: partial inventory)'
    yield '</dd>\n    <dt>Python version</dt><dd>'
    yield escape((environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'python_version') or 'unknown'))
    yield '</dd>\n    <dt>Target triple</dt><dd>'
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'target_triple'):
        pass
        yield '<code>'
        yield escape(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'target_triple'))
        yield '</code>'
    else:
        pass
        yield 'unknown'
    yield '</dd>\n    <dt>Build options</dt><dd>'
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'build_options'):
        pass
        yield '<code>'
        yield escape(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'build_options'))
        yield '</code>'
    else:
        pass
        yield 'unknown'
    yield '</dd>\n    <dt>Release</dt>\n    <dd>'
    yield escape((undefined(name='release_text') if l_0_release_text is missing else l_0_release_text))
    if environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'release'), 'detail'):
        pass
        yield '<div class="muted">'
        yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'release'), 'detail'))
        yield '</div>'
    yield '</dd>\n'
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'metadata'):
        pass
        yield '    <dt>PYTHON.json</dt><dd>format version '
        yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'metadata'), 'format_version'))
        yield '</dd>\n'
    if (environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'asset') and environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'asset'), 'build_stamp')):
        pass
        yield '    <dt>Build stamp</dt><dd>'
        yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'asset'), 'build_stamp'))
        yield '</dd>\n'
    for l_1_ev in environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'evidence'):
        _loop_vars = {}
        pass
        yield '    <dt>'
        yield escape(environment.getattr(l_1_ev, 'what'))
        yield '</dt><dd>'
        yield escape(environment.getattr(l_1_ev, 'value'))
        yield ' <span class="muted">(read from <code>'
        yield escape(environment.getattr(l_1_ev, 'member'))
        yield '</code>)</span></dd>\n'
    l_1_ev = missing
    yield '  </dl>\n'
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'build_only_variants'):
        pass
        yield '  <h3>Extension variants only under build/</h3>\n  <ul class="plain">\n'
        for l_1_v in environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'build_only_variants'):
            _loop_vars = {}
            pass
            yield '    <li><code>'
            yield escape(environment.getattr(l_1_v, 'extension'))
            yield '</code> variant <code>'
            yield escape(environment.getattr(l_1_v, 'variant'))
            yield '</code>: <code class="spdx">'
            yield escape(environment.getattr(environment.getattr(l_1_v, 'license'), 'expression'))
            yield '</code></li>\n'
        l_1_v = missing
        yield '  </ul>\n'
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'stripped'):
        pass
        yield '  <h3>Stripped by licscan</h3>\n  <p>'
        yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'stripped'), 'member'))
        yield ' records what <code>licscan strip</code> removed:</p>\n  <ul class="plain stripped">\n'
        for l_1_reason in environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'stripped'), 'reasons'):
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(l_1_reason)
            yield '</li>'
        l_1_reason = missing
        for l_1_member in environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'stripped'), 'removed'):
            _loop_vars = {}
            pass
            yield '<li><code>'
            yield escape(l_1_member)
            yield '</code></li>'
        l_1_member = missing
        yield '  </ul>\n'
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'notes'):
        pass
        yield '  <h3>Notes</h3>\n  <ul class="plain">\n'
        for l_1_note in environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'notes'):
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(l_1_note)
            yield '</li>'
        l_1_note = missing
        yield '  </ul>\n'
    yield '</section>\n'

blocks = {}
debug_info = '5=15&6=17&7=19&8=25&9=30&10=32&11=41&13=50&14=57&15=60&17=62&18=65&20=67&21=71&24=79&27=82&28=86&32=94&34=97&36=99&37=106&40=114&43=117'
# Generated by `python -m licscan.render.jinja_env --update` from templates/review/facts.html.j2
# with jinja2 3.1.6: do not edit.
