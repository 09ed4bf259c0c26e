from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'review/findings.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_findings = resolve('findings')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<section id="findings" aria-labelledby="findings-title">\n  <h2 id="findings-title">Findings <span class="count">'
    yield escape(t_1((undefined(name='findings') if l_0_findings is missing else l_0_findings)))
    yield '</span></h2>\n'
    if (not (undefined(name='findings') if l_0_findings is missing else l_0_findings)):
        pass
        yield '  <p class="empty">licscan found nothing to report.</p>\n'
    else:
        pass
        yield '  <ol class="findings">\n'
        for l_1_view in (undefined(name='findings') if l_0_findings is missing else l_0_findings):
            l_1_f = missing
            _loop_vars = {}
            pass
            l_1_f = environment.getattr(l_1_view, 'finding')
            _loop_vars['f'] = l_1_f
            yield '    <li id="'
            yield escape(environment.getattr(l_1_view, 'anchor'))
            yield '" class="finding sev-'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'severity'))
            yield escape((' waived' if environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'waiver') else ''))
            yield escape((' violation' if (environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'violates_policy') and (not environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'waiver'))) else ''))
            yield '" data-finding="'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'id'))
            yield '">\n      <div class="finding-head">\n        <span class="badge badge-'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'severity'))
            yield '">'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'severity'))
            yield '</span>\n'
            if environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'waiver'):
                pass
                yield '        <span class="badge badge-waived">waived</span>\n'
            elif environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'violates_policy'):
                pass
                yield '        <span class="badge badge-violation">violates policy</span>\n'
            if environment.getattr(l_1_view, 'component'):
                pass
                yield '        <a class="finding-component" href="#'
                yield escape(environment.getitem(environment.getattr(l_1_view, 'component'), 1))
                yield '">'
                yield escape(environment.getitem(environment.getattr(l_1_view, 'component'), 0))
                yield '</a>\n'
            elif environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'component'):
                pass
                yield '        <span class="finding-component">'
                yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'component'))
                yield '</span>\n'
            else:
                pass
                yield '        <span class="finding-component muted">whole distribution</span>\n'
            if environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'license'):
                pass
                yield '<code class="spdx">'
                yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'license'))
                yield '</code>'
            yield '        <code class="finding-id">'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'id'))
            yield '</code>\n      </div>\n      <p class="finding-message">'
            yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'message'))
            yield '</p>\n'
            if environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'waiver'):
                pass
                yield '      <p class="waiver"><strong>Waived:</strong> '
                yield escape(environment.getattr(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'waiver'), 'reason'))
                if environment.getattr(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'waiver'), 'expires'):
                    pass
                    yield ' <span class="muted">(until '
                    yield escape(environment.getattr(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'waiver'), 'expires'))
                    yield ')</span>'
                yield '</p>\n'
            if environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'remedy'):
                pass
                yield '      <p class="remedy"><strong>What to do:</strong> '
                yield escape(environment.getattr((undefined(name='f') if l_1_f is missing else l_1_f), 'remedy'))
                yield '</p>\n'
            if environment.getattr(l_1_view, 'evidence'):
                pass
                yield '      <ul class="evidence" aria-label="Evidence">\n'
                for l_2_item in environment.getattr(l_1_view, 'evidence'):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(l_2_item)
                    yield '</li>'
                l_2_item = missing
                yield '      </ul>\n'
            yield '    </li>\n'
        l_1_view = l_1_f = missing
        yield '  </ol>\n'
    yield '</section>\n'

blocks = {}
debug_info = '3=19&4=21&8=27&9=31&10=34&12=42&13=46&15=49&18=52&19=55&20=59&21=62&25=67&26=73&28=75&29=77&30=80&32=87&33=90&35=92&37=95'
# Generated by `python -m licscan.render.jinja_env --update` from templates/review/findings.html.j2
# with jinja2 3.1.6: do not edit.
