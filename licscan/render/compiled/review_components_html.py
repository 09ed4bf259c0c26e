from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'review/components.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_component_total = resolve('component_total')
    l_0_groups = resolve('groups')
    l_0_inventory = resolve('inventory')
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
        t_3 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
    try:
        t_4 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    pass
    yield '<section id="components" aria-labelledby="components-title">\n  <h2 id="components-title">Components <span class="count">'
    yield escape((undefined(name='component_total') if l_0_component_total is missing else l_0_component_total))
    yield '</span></h2>\n  <div id="component-search-box" class="search" hidden>\n    <label for="component-search">Filter</label>\n    <input type="search" id="component-search" placeholder="name, license, extension&hellip;" autocomplete="off" spellcheck="false">\n    <span id="component-count" class="muted" aria-live="polite"></span>\n  </div>\n  <p id="component-nomatch" class="empty" hidden>No component matches the filter.</p>\n  <table id="component-table" class="components">\n    <thead>\n      <tr>\n        <th scope="col" class="col-name"><button type="button" data-sort-col="0">Component</button></th>\n        <th scope="col" class="col-version"><button type="button" data-sort-col="1">Version</button></th>\n        <th scope="col" class="col-license"><button type="button" data-sort-col="2">License (SPDX)</button></th>\n        <th scope="col" class="col-used"><button type="button" data-sort-col="3">Used by</button></th>\n        <th scope="col" class="col-linkage"><button type="button" data-sort-col="4">Linkage</button></th>\n        <th scope="col" class="col-files"><button type="button" data-sort-col="5">License file</button></th>\n      </tr>\n    </thead>\n'
    for l_1_group in (undefined(name='groups') if l_0_groups is missing else l_0_groups):
        _loop_vars = {}
        pass
        yield '    <tbody data-group="'
        yield escape(environment.getattr(l_1_group, 'id'))
        yield '">\n      <tr class="group-row">\n        <th colspan="6" scope="colgroup">'
        yield escape(environment.getattr(l_1_group, 'title'))
        yield ' <span class="count">'
        yield escape(t_2(environment.getattr(l_1_group, 'rows')))
        yield '</span> <span class="group-note">'
        yield escape(environment.getattr(l_1_group, 'description'))
        yield '</span></th>\n      </tr>\n'
        for l_2_row in environment.getattr(l_1_group, 'rows'):
            l_2_c = missing
            _loop_vars = {}
            pass
            l_2_c = environment.getattr(l_2_row, 'component')
            _loop_vars['c'] = l_2_c
            yield '      <tr id="'
            yield escape(environment.getattr(l_2_row, 'anchor'))
            yield '" class="component" data-search="'
            yield escape(environment.getattr(l_2_row, 'search'))
            yield '" data-key="'
            yield escape(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'key'))
            yield '">\n        <td data-sort="'
            yield escape(t_3(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'name')))
            yield '">\n          <span class="name">'
            yield escape(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'name'))
            yield '</span>\n'
            if (environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'key') != environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'name')):
                pass
                yield '<code class="key">'
                yield escape(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'key'))
                yield '</code>'
            for (l_3_finding, l_3_target) in environment.getattr(l_2_row, 'findings'):
                _loop_vars = {}
                pass
                yield '          <a class="badge badge-'
                yield escape(environment.getattr(l_3_finding, 'severity'))
                yield '" href="#'
                yield escape(l_3_target)
                yield '" title="'
                yield escape(environment.getattr(l_3_finding, 'message'))
                yield '">'
                yield escape(environment.getattr(l_3_finding, 'id'))
                yield '</a>\n'
            l_3_finding = l_3_target = missing
            for l_3_note in environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'notes'):
                _loop_vars = {}
                pass
                yield '<div class="note">'
                yield escape(l_3_note)
                yield '</div>'
            l_3_note = missing
            yield '        </td>\n        <td data-sort="'
            yield escape((environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'version') or ''))
            yield '"'
            if environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'version_source'):
                pass
                yield ' title="from '
                yield escape(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'version_source'))
                yield '"'
            yield '>'
            yield escape((environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'version') or '—'))
            yield '</td>\n        <td data-sort="'
            yield escape(environment.getattr(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'concluded'), 'expression'))
            yield '">\n          <code class="spdx">'
            yield escape(environment.getattr(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'concluded'), 'expression'))
            yield '</code>\n'
            if (environment.getattr(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'declared'), 'expression') != environment.getattr(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'concluded'), 'expression')):
                pass
                yield '          <div class="declared">declared: <code>'
                yield escape(environment.getattr(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'declared'), 'expression'))
                yield '</code></div>\n'
            for l_3_corr in environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'corrections'):
                _loop_vars = {}
                pass
                yield '          <div class="correction" title="'
                yield escape(environment.getattr(l_3_corr, 'message'))
                yield '">corrected: '
                yield escape(environment.getattr(l_3_corr, 'code'))
                yield '</div>\n'
            l_3_corr = missing
            def t_5(fiter):
                for l_3_f in fiter:
                    if environment.getattr(l_3_f, 'identified_whole'):
                        yield l_3_f
            for l_3_f in t_5(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'license_files')):
                _loop_vars = {}
                pass
                yield '<div class="identified" title="'
                yield escape(environment.getattr(l_3_f, 'path'))
                yield ', identified by licenseclassifier">text: <code>'
                yield escape(t_1(context.eval_ctx, environment.getattr(l_3_f, 'identified'), ', '))
                yield '</code></div>'
            l_3_f = missing
            for l_3_d in environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'disputes'):
                _loop_vars = {}
                pass
                yield '          <details class="dispute" data-dispute="'
                yield escape(environment.getattr(l_3_d, 'id'))
                yield '">\n            <summary class="correction">disputed: <code class="spdx">'
                yield escape(environment.getattr(environment.getattr(l_3_d, 'other'), 'expression'))
                yield '</code></summary>\n            <div class="note">'
                yield escape(environment.getattr(environment.getattr(l_3_d, 'shipped'), 'expression'))
                yield ' per '
                yield escape(environment.getattr(environment.getattr(l_3_d, 'shipped'), 'basis'))
                yield '; disputed: '
                yield escape(environment.getattr(environment.getattr(l_3_d, 'other'), 'expression'))
                yield ' per '
                yield escape(environment.getattr(environment.getattr(l_3_d, 'other'), 'basis'))
                yield '. '
                yield escape(environment.getattr(l_3_d, 'summary'))
                if (not environment.getattr(l_3_d, 'version_known')):
                    pass
                    yield ' (version unknown; concerns '
                    yield escape(t_1(context.eval_ctx, environment.getattr(l_3_d, 'versions'), ', '))
                    yield ')'
                yield '</div>\n'
                for l_4_reading in [environment.getattr(l_3_d, 'shipped'), environment.getattr(l_3_d, 'other')]:
                    _loop_vars = {}
                    pass
                    yield '            <div class="note"><code class="spdx">'
                    yield escape(environment.getattr(l_4_reading, 'expression'))
                    yield '</code>:</div>\n            <ul class="plain">\n'
                    for l_5_s in environment.getattr(l_4_reading, 'sources'):
                        _loop_vars = {}
                        pass
                        yield '<li class="note">'
                        yield escape(environment.getattr(l_5_s, 'document'))
                        if environment.getattr(l_5_s, 'url'):
                            pass
                            yield ' (<code>'
                            yield escape(environment.getattr(l_5_s, 'url'))
                            yield '</code>)'
                        yield ': “'
                        yield escape(environment.getattr(l_5_s, 'says'))
                        yield '”</li>'
                    l_5_s = missing
                    yield '            </ul>\n'
                l_4_reading = missing
                yield '          </details>\n'
            l_3_d = missing
            if environment.getattr(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'concluded'), 'invalid'):
                pass
                yield '<div class="note">not SPDX: '
                yield escape(t_1(context.eval_ctx, environment.getattr(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'concluded'), 'invalid'), ', '))
                yield '</div>'
            for (l_3_written, l_3_current) in environment.getattr(environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'concluded'), 'deprecated'):
                _loop_vars = {}
                pass
                yield '<div class="note">'
                yield escape(l_3_written)
                yield ' is deprecated: '
                yield escape(l_3_current)
                yield '</div>'
            l_3_written = l_3_current = missing
            yield '        </td>\n        <td class="used-by">'
            yield escape((t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'used_by'), ', ') if environment.getattr((undefined(name='c') if l_2_c is missing else l_2_c), 'used_by') else '—'))
            yield '</td>\n        <td class="linkage">\n'
            t_6 = 1
            for l_3_line in environment.getattr(l_2_row, 'linkage'):
                _loop_vars = {}
                pass
                yield '<div>'
                yield escape(l_3_line)
                yield '</div>'
                t_6 = 0
            l_3_line = missing
            if t_6:
                pass
                if (not environment.getattr(l_2_row, 'code')):
                    pass
                    yield '—'
            for l_3_line in environment.getattr(l_2_row, 'code'):
                _loop_vars = {}
                pass
                yield '<div class="identified" title="found by its code fingerprint">code: '
                yield escape(l_3_line)
                yield '</div>'
            l_3_line = missing
            yield '        </td>\n        <td class="files" data-sort="'
            yield escape((t_1(context.eval_ctx, t_4(context, environment.getattr(l_2_row, 'files'), attribute='file.status'), ' ') if environment.getattr(l_2_row, 'files') else '~none'))
            yield '">\n'
            t_7 = 1
            for l_3_ref in environment.getattr(l_2_row, 'files'):
                _loop_vars = {}
                pass
                yield '          <div><a href="#'
                yield escape(environment.getattr(l_3_ref, 'target'))
                yield '">'
                yield escape(environment.getattr(l_3_ref, 'name'))
                yield '</a>'
                if (environment.getattr(environment.getattr(l_3_ref, 'file'), 'status') != 'present'):
                    pass
                    yield ' <span class="badge badge-file-'
                    yield escape(environment.getattr(environment.getattr(l_3_ref, 'file'), 'status'))
                    yield '">'
                    yield escape(environment.getattr(environment.getattr(l_3_ref, 'file'), 'status'))
                    yield '</span>'
                yield '</div>\n'
                t_7 = 0
            l_3_ref = missing
            if t_7:
                pass
                yield '          <span class="badge badge-file-missing">none</span>\n'
            yield '        </td>\n      </tr>\n'
        l_2_row = l_2_c = missing
        yield '    </tbody>\n'
    l_1_group = missing
    yield '  </table>\n'
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'system_libraries'):
        pass
        yield '  <h3>Other operating-system libraries</h3>\n  <p class="muted">Taken from the system at run time and not distributed with the archive.</p>\n  <table class="system-libraries">\n    <thead><tr><th scope="col">Library</th><th scope="col">Kind</th><th scope="col">Used by</th></tr></thead>\n    <tbody>\n'
        for l_1_lib in environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'system_libraries'):
            _loop_vars = {}
            pass
            yield '      <tr><td><code>'
            yield escape(environment.getattr(l_1_lib, 'name'))
            yield '</code></td><td>'
            yield escape(environment.getattr(l_1_lib, 'kind'))
            yield '</td><td class="used-by">'
            yield escape((t_1(context.eval_ctx, environment.getattr(l_1_lib, 'used_by'), ', ') or '—'))
            yield '</td></tr>\n'
        l_1_lib = missing
        yield '    </tbody>\n  </table>\n'
    yield '</section>\n'

blocks = {}
debug_info = '3=39&21=41&22=45&24=47&26=53&27=57&28=60&29=66&30=68&31=70&32=75&33=79&35=88&37=96&38=106&39=108&40=110&41=113&43=115&44=119&46=124&47=137&48=141&49=143&50=145&51=160&52=164&54=166&59=184&60=189&62=199&64=202&65=215&67=223&68=226&69=230&79=252&85=255&86=259'
# Generated by `python -m licscan.render.jinja_env --update` from templates/review/components.html.j2
# with jinja2 3.1.6: do not edit.
