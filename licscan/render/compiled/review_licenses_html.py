from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'review/licenses.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_license_texts = resolve('license_texts')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_4 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<section id="license-texts" aria-labelledby="license-texts-title">\n  <h2 id="license-texts-title">License texts <span class="count">'
    yield escape(t_2((undefined(name='license_texts') if l_0_license_texts is missing else l_0_license_texts)))
    yield '</span></h2>\n  <p class="muted">As found in the archive. Printing expands every text.</p>\n'
    l_1_loop = missing
    t_5 = 1
    for l_1_t, l_1_loop in LoopContext((undefined(name='license_texts') if l_0_license_texts is missing else l_0_license_texts), undefined):
        _loop_vars = {}
        pass
        yield '  <details id="'
        yield escape(environment.getattr(l_1_t, 'anchor'))
        yield '" class="license">\n    <summary>\n      <code class="path">'
        yield escape(environment.getattr(l_1_t, 'path'))
        yield '</code>\n'
        if (environment.getattr(l_1_t, 'status') != 'present'):
            pass
            yield '<span class="badge badge-file-'
            yield escape(environment.getattr(l_1_t, 'status'))
            yield '">'
            yield escape(environment.getattr(l_1_t, 'status'))
            yield '</span>'
        if (environment.getattr(l_1_t, 'in_license_dir') and (not environment.getattr(l_1_t, 'referenced_by'))):
            pass
            yield '<span class="badge badge-unreferenced">not referenced</span>'
        yield '      <span class="summary-meta">'
        yield escape(t_1(context.eval_ctx, t_3(context, environment.getattr(l_1_t, 'referenced_by'), 'first'), ', '))
        yield '</span>\n    </summary>\n    <div class="license-body">\n      <dl class="license-meta">\n'
        if environment.getattr(l_1_t, 'identified'):
            pass
            yield '<dt>Identified as</dt><dd>'
            yield escape(environment.getattr(l_1_t, 'identified'))
            yield ' <span class="muted">(licenseclassifier)</span></dd>'
        yield '        <dt>Referenced by</dt>\n        <dd>'
        l_2_loop = missing
        t_6 = 1
        for (l_2_name, l_2_target), l_2_loop in LoopContext(environment.getattr(l_1_t, 'referenced_by'), undefined):
            _loop_vars = {}
            pass
            if l_2_target:
                pass
                yield '<a href="#'
                yield escape(l_2_target)
                yield '">'
                yield escape(l_2_name)
                yield '</a>'
            else:
                pass
                yield escape(l_2_name)
            yield escape((', ' if (not environment.getattr(l_2_loop, 'last')) else ''))
            t_6 = 0
        l_2_loop = l_2_name = l_2_target = missing
        if t_6:
            pass
            yield 'no installed component'
        yield '</dd>\n'
        if environment.getattr(l_1_t, 'build_only_refs'):
            pass
            yield '<dt>Build-only variants</dt><dd>'
            yield escape(t_1(context.eval_ctx, environment.getattr(l_1_t, 'build_only_refs'), ', '))
            yield '</dd>'
        if (not t_4(environment.getattr(l_1_t, 'size'))):
            pass
            yield '<dt>Size</dt><dd>'
            yield escape(environment.getattr(l_1_t, 'size'))
            yield ' bytes</dd>'
        if environment.getattr(l_1_t, 'sha256'):
            pass
            yield '<dt>SHA-256</dt><dd><code class="hash">'
            yield escape(environment.getattr(l_1_t, 'sha256'))
            yield '</code></dd>'
        yield '      </dl>\n'
        if (not t_4(environment.getattr(l_1_t, 'text'))):
            pass
            yield '      <pre class="license-text">'
            yield escape(environment.getattr(l_1_t, 'text'))
            yield '</pre>\n'
        else:
            pass
            yield '      <p class="empty">The archive has no readable text for this file'
            if environment.getattr(l_1_t, 'detail'):
                pass
                yield ': '
                yield escape(environment.getattr(l_1_t, 'detail'))
            yield '.</p>\n'
        yield '    </div>\n  </details>\n'
        t_5 = 0
    l_1_loop = l_1_t = missing
    if t_5:
        pass
        yield '  <p class="empty">The archive contains no license texts.</p>\n'
    yield '</section>\n'

blocks = {}
debug_info = '3=37&5=41&6=45&8=47&9=49&10=56&11=60&15=62&17=70&18=90&19=95&20=100&22=106&23=109&25=114'
# Generated by `python -m licscan.render.jinja_env --update` from templates/review/licenses.html.j2
# with jinja2 3.1.6: do not edit.
