from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'review/diff.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_pair = resolve('pair')
    l_0_d = l_0_rows = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<section id="'
    yield escape(environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'anchor'))
    yield '" class="pair pair-'
    yield escape(environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'status_class'))
    yield '" aria-labelledby="'
    yield escape(environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'anchor'))
    yield '-title">\n  <h2 id="'
    yield escape(environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'anchor'))
    yield '-title">'
    yield escape(environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'heading'))
    yield '</h2>\n'
    l_0_d = environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'diff')
    context.vars['d'] = l_0_d
    context.exported_vars.add('d')
    if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'old') and environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'new')):
        pass
        yield '  <p class="pair-sides muted">OLD: '
        yield escape(environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'old'), 'policy'))
        yield ' policy, '
        yield escape(('pass' if environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'old'), 'passed') else 'fails'))
        yield ' &middot; NEW: '
        yield escape(environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'new'), 'policy'))
        yield ' policy, '
        yield escape(('pass' if environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'new'), 'passed') else 'fails'))
        yield '</p>\n'
    if (environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'paired') and environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'empty')):
        pass
        yield '  <p class="empty">No differences.</p>\n'
    elif (not environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'paired')):
        pass
        yield '  <p class="muted">Compared with nothing: '
        yield escape(t_1((environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'added') or environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'removed'))))
        yield ' components.</p>\n'
    else:
        pass
        yield '  <h3>Components</h3>\n'
        if (not ((environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'removed') or environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'added')) or environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'changed'))):
            pass
            yield '  <p class="empty">No component differs.</p>\n'
        else:
            pass
            yield '  <table class="diff-components">\n    <thead>\n      <tr><th scope="col">Change</th><th scope="col">Component</th><th scope="col">OLD</th><th scope="col">NEW</th></tr>\n    </thead>\n    <tbody>\n'
            for l_1_s in environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'removed'):
                _loop_vars = {}
                pass
                yield '      <tr class="change-removed" data-key="'
                yield escape(environment.getattr(l_1_s, 'key'))
                yield '">\n        <td><span class="badge badge-removed">removed</span></td>\n        <td><span class="name">'
                yield escape(environment.getattr(l_1_s, 'name'))
                yield '</span>'
                if (environment.getattr(l_1_s, 'key') != environment.getattr(l_1_s, 'name')):
                    pass
                    yield '<code class="key">'
                    yield escape(environment.getattr(l_1_s, 'key'))
                    yield '</code>'
                yield '</td>\n        <td>'
                template = environment.get_template('review/diff_state.html.j2', 'review/diff.html.j2')
                gen = template.root_render_func(template.new_context(context.get_all(), True, {'s': l_1_s, 'd': l_0_d, 'rows': l_0_rows}))
                try:
                    for event in gen:
                        yield event
                finally: gen.close()
                yield '</td>\n        <td class="muted">—</td>\n      </tr>\n'
            l_1_s = missing
            for l_1_s in environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'added'):
                _loop_vars = {}
                pass
                yield '      <tr class="change-added" data-key="'
                yield escape(environment.getattr(l_1_s, 'key'))
                yield '">\n        <td><span class="badge badge-added">added</span></td>\n        <td><span class="name">'
                yield escape(environment.getattr(l_1_s, 'name'))
                yield '</span>'
                if (environment.getattr(l_1_s, 'key') != environment.getattr(l_1_s, 'name')):
                    pass
                    yield '<code class="key">'
                    yield escape(environment.getattr(l_1_s, 'key'))
                    yield '</code>'
                yield '</td>\n        <td class="muted">—</td>\n        <td>'
                template = environment.get_template('review/diff_state.html.j2', 'review/diff.html.j2')
                gen = template.root_render_func(template.new_context(context.get_all(), True, {'s': l_1_s, 'd': l_0_d, 'rows': l_0_rows}))
                try:
                    for event in gen:
                        yield event
                finally: gen.close()
                yield '</td>\n      </tr>\n'
            l_1_s = missing
            for l_1_row in environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'changed'):
                _loop_vars = {}
                pass
                yield '      <tr class="change-changed" data-key="'
                yield escape(environment.getattr(l_1_row, 'key'))
                yield '">\n        <td><span class="badge badge-changed">'
                yield escape(environment.getattr(l_1_row, 'field'))
                yield ' changed</span></td>\n        <td><span class="name">'
                yield escape(environment.getattr(l_1_row, 'name'))
                yield '</span>'
                if (environment.getattr(l_1_row, 'key') != environment.getattr(l_1_row, 'name')):
                    pass
                    yield '<code class="key">'
                    yield escape(environment.getattr(l_1_row, 'key'))
                    yield '</code>'
                yield '</td>\n        <td><code>'
                yield escape(environment.getattr(l_1_row, 'old'))
                yield '</code></td>\n        <td><code>'
                yield escape(environment.getattr(l_1_row, 'new'))
                yield '</code></td>\n      </tr>\n'
            l_1_row = missing
            yield '    </tbody>\n  </table>\n'
    l_0_rows = (environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'findings') if environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'paired') else environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'violations'))
    context.vars['rows'] = l_0_rows
    context.exported_vars.add('rows')
    if (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        pass
        yield '  <h3>'
        if environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'paired'):
            pass
            yield 'Findings new and gone'
        else:
            pass
            yield 'Policy violations'
        yield ' <span class="count">'
        yield escape(t_1((undefined(name='rows') if l_0_rows is missing else l_0_rows)))
        yield '</span></h3>\n  <ol class="findings">\n'
        for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
            l_1_f = missing
            _loop_vars = {}
            pass
            l_1_f = environment.getattr(l_1_row, 'finding')
            _loop_vars['f'] = l_1_f
            yield '    <li class="finding sev-'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'severity'))
            yield escape((' gone' if (environment.getattr(l_1_row, 'change') == 'gone') else ''))
            yield escape((' violation' if environment.getattr(l_1_row, 'violation') else ''))
            yield '" data-finding="'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'id'))
            yield '" data-change="'
            yield escape(environment.getattr(l_1_row, 'change'))
            yield '">\n      <div class="finding-head">\n        <span class="badge badge-'
            yield escape(environment.getattr(l_1_row, 'change'))
            yield '">'
            yield escape(environment.getattr(l_1_row, 'change'))
            yield '</span>\n        <span class="badge badge-'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'severity'))
            yield '">'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'severity'))
            yield '</span>\n'
            if environment.getattr(l_1_row, 'violation'):
                pass
                yield '<span class="badge badge-violation">new violation</span>'
            elif environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'waiver'):
                pass
                yield '<span class="badge badge-waived">waived</span>'
            if environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'component'):
                pass
                yield '<span class="finding-component">'
                yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'component'))
                yield '</span>'
            else:
                pass
                yield '<span class="finding-component muted">whole distribution</span>'
            if environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'license'):
                pass
                yield '<code class="spdx">'
                yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'license'))
                yield '</code>'
            yield '        <code class="finding-id">'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'id'))
            yield '</code>\n      </div>\n      <p class="finding-message">'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'message'))
            yield '</p>\n    </li>\n'
        l_1_row = l_1_f = missing
        yield '  </ol>\n'
    if environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'new_licenses'):
        pass
        yield '  <h3>License ids new to shipped code</h3>\n  <ul class="new-licenses">\n'
        for (l_1_id, l_1_keys) in environment.getattr((undefined(name='pair') if l_0_pair is missing else l_0_pair), 'new_licenses'):
            _loop_vars = {}
            pass
            yield '<li><code class="spdx">'
            yield escape(l_1_id)
            yield '</code> <span class="muted">in '
            yield escape(l_1_keys)
            yield '</span></li>'
        l_1_id = l_1_keys = missing
        yield '  </ul>\n'
    yield '</section>\n'

blocks = {}
debug_info = '2=20&3=26&4=30&5=33&6=36&8=44&10=47&11=50&14=55&22=61&23=65&25=67&26=75&30=83&31=87&33=89&35=97&38=105&39=109&40=111&41=113&42=121&43=123&50=127&51=130&52=133&54=142&55=146&56=149&58=157&59=161&60=165&61=171&62=179&63=185&65=187&70=191&73=194'
# Generated by `python -m licscan.render.jinja_env --update` from templates/review/diff.html.j2
# with jinja2 3.1.6: do not edit.
