from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'NOTICE.txt.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_header = resolve('header')
    l_0_notes = resolve('notes')
    l_0_summary = resolve('summary')
    l_0_offer = resolve('offer')
    l_0_bundled = resolve('bundled')
    l_0_packages = resolve('packages')
    l_0_build_only = resolve('build_only')
    l_0_build_only_variants = resolve('build_only_variants')
    l_0_system = resolve('system')
    l_0_system_libraries = resolve('system_libraries')
    l_0_missing = resolve('missing')
    l_0_unreferenced = resolve('unreferenced')
    l_0_authorship = resolve('authorship')
    l_0_rule = l_0_entry = missing
    try:
        t_1 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro(l_1_char):
        t_2 = []
        if l_1_char is missing:
            l_1_char = '='
        pass
        t_2.append(
            str((l_1_char * 78)),
        )
        return concat(t_2)
    context.exported_vars.add('rule')
    context.vars['rule'] = l_0_rule = Macro(environment, macro, 'rule', ('char',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_e):
        t_3 = []
        if l_1_e is missing:
            l_1_e = undefined("parameter 'e' was not provided", name='e')
        pass
        t_3.extend((
            str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule), '-')),
            '\n',
            str(environment.getattr(l_1_e, 'title')),
            '\n',
            str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule), '-')),
            '\n',
        ))
        for l_2_line in environment.getattr(l_1_e, 'facts'):
            _loop_vars = {}
            pass
            t_3.extend((
                str(l_2_line),
                '\n',
            ))
        l_2_line = missing
        for l_2_t in environment.getattr(l_1_e, 'texts'):
            l_2_heading = resolve('heading')
            l_2_wrap = resolve('wrap')
            _loop_vars = {}
            pass
            if (not t_1(environment.getattr(l_2_t, 'text'))):
                pass
                t_3.append(
                    '\n',
                )
                for l_3_line in context.call((undefined(name='heading') if l_2_heading is missing else l_2_heading), str_join(('----- ', environment.getattr(l_2_t, 'label'), )), environment.getattr(l_2_t, 'path'), _loop_vars=_loop_vars):
                    _loop_vars = {}
                    pass
                    t_3.extend((
                        str(l_3_line),
                        '\n',
                    ))
                l_3_line = missing
                if environment.getattr(l_2_t, 'source'):
                    pass
                    for l_3_line in context.call((undefined(name='wrap') if l_2_wrap is missing else l_2_wrap), str_join((environment.getattr(l_2_t, 'source'), ')', )), '(', ' ', _loop_vars=_loop_vars):
                        _loop_vars = {}
                        pass
                        t_3.extend((
                            str(l_3_line),
                            '\n',
                        ))
                    l_3_line = missing
                if environment.getattr(l_2_t, 'identified'):
                    pass
                    for l_3_line in context.call((undefined(name='wrap') if l_2_wrap is missing else l_2_wrap), str_join((environment.getattr(l_2_t, 'identified'), ')', )), '(identified as: ', ' ', _loop_vars=_loop_vars):
                        _loop_vars = {}
                        pass
                        t_3.extend((
                            str(l_3_line),
                            '\n',
                        ))
                    l_3_line = missing
                t_3.extend((
                    '\n',
                    str(environment.getattr(l_2_t, 'text')),
                    '\n',
                ))
                for l_3_line in context.call((undefined(name='heading') if l_2_heading is missing else l_2_heading), str_join(('----- End of ', context.call(environment.getattr(environment.getattr(l_2_t, 'label'), 'lower'), _loop_vars=_loop_vars), )), environment.getattr(l_2_t, 'path'), _loop_vars=_loop_vars):
                    _loop_vars = {}
                    pass
                    t_3.extend((
                        str(l_3_line),
                        '\n',
                    ))
                l_3_line = missing
            else:
                pass
                for l_3_line in context.call((undefined(name='wrap') if l_2_wrap is missing else l_2_wrap), str_join((environment.getattr(l_2_t, 'path'), ': ', environment.getattr(l_2_t, 'note'), )), context.call(environment.getattr(str_join((environment.getattr(l_2_t, 'label'), ':', )), 'ljust'), 14, _loop_vars=_loop_vars), _loop_vars=_loop_vars):
                    _loop_vars = {}
                    pass
                    t_3.extend((
                        str(l_3_line),
                        '\n',
                    ))
                l_3_line = missing
        l_2_t = l_2_heading = l_2_wrap = missing
        return concat(t_3)
    context.exported_vars.add('entry')
    context.vars['entry'] = l_0_entry = Macro(environment, macro, 'entry', ('e',), False, False, False, context.eval_ctx.autoescape)
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n'
    yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
    yield '\n\n'
    for l_1_line in (undefined(name='header') if l_0_header is missing else l_0_header):
        _loop_vars = {}
        pass
        yield str(l_1_line)
        yield '\n'
    l_1_line = missing
    if (undefined(name='notes') if l_0_notes is missing else l_0_notes):
        pass
        yield '\nNotes:\n'
        for l_1_line in (undefined(name='notes') if l_0_notes is missing else l_0_notes):
            _loop_vars = {}
            pass
            yield str(l_1_line)
            yield '\n'
        l_1_line = missing
    yield '\nThis notice lists the third-party software in the distribution named above and\nreproduces its license texts. Each text is printed once; components that share\nit refer back to the first place it appears. A text the archive lacks is taken\nfrom the SPDX License List and labelled as such.\n\nComponents:\n'
    for l_1_line in (undefined(name='summary') if l_0_summary is missing else l_0_summary):
        _loop_vars = {}
        pass
        yield str(l_1_line)
        yield '\n'
    l_1_line = missing
    if (undefined(name='offer') if l_0_offer is missing else l_0_offer):
        pass
        yield '\n\n'
        yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
        yield '\nWRITTEN OFFER FOR SOURCE CODE\n'
        yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
        yield '\n\nThese components are licensed under terms that require their corresponding\nsource code to be made available to those who receive them:\n\n'
        for l_1_line in environment.getattr((undefined(name='offer') if l_0_offer is missing else l_0_offer), 'covered'):
            _loop_vars = {}
            pass
            yield str(l_1_line)
            yield '\n'
        l_1_line = missing
        yield '\n'
        if environment.getattr((undefined(name='offer') if l_0_offer is missing else l_0_offer), 'configured'):
            pass
            for l_1_paragraph in environment.getattr((undefined(name='offer') if l_0_offer is missing else l_0_offer), 'paragraphs'):
                _loop_vars = {}
                pass
                for l_2_line in l_1_paragraph:
                    _loop_vars = {}
                    pass
                    yield str(l_2_line)
                    yield '\n'
                l_2_line = missing
                yield '\n'
            l_1_paragraph = missing
        else:
            pass
            yield '[SOURCE OFFER NOT CONFIGURED: set [notice] offer_from and offer_contact or\noffer_url in the policy file]\n\n'
    yield '\n'
    yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
    yield '\n1. DISTRIBUTED COMPONENTS\n'
    yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
    yield '\n\n'
    t_4 = 1
    for l_1_e in (undefined(name='bundled') if l_0_bundled is missing else l_0_bundled):
        _loop_vars = {}
        pass
        yield str(context.call((undefined(name='entry') if l_0_entry is missing else l_0_entry), l_1_e, _loop_vars=_loop_vars))
        yield '\n'
        t_4 = 0
    l_1_e = missing
    if t_4:
        pass
        yield '(none)\n\n'
    yield '\n'
    yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
    yield '\n2. PYTHON PACKAGES (site-packages and the ensurepip wheels)\n'
    yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
    yield '\n\n'
    t_5 = 1
    for l_1_e in (undefined(name='packages') if l_0_packages is missing else l_0_packages):
        _loop_vars = {}
        pass
        yield str(context.call((undefined(name='entry') if l_0_entry is missing else l_0_entry), l_1_e, _loop_vars=_loop_vars))
        yield '\n'
        t_5 = 0
    l_1_e = missing
    if t_5:
        pass
        yield '(none)\n\n'
    yield '\n'
    yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
    yield '\n3. BUILD-ONLY COMPONENTS (object code under python/build/, not installed)\n'
    yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
    yield '\n\n'
    t_6 = 1
    for l_1_e in (undefined(name='build_only') if l_0_build_only is missing else l_0_build_only):
        _loop_vars = {}
        pass
        yield str(context.call((undefined(name='entry') if l_0_entry is missing else l_0_entry), l_1_e, _loop_vars=_loop_vars))
        yield '\n'
        t_6 = 0
    l_1_e = missing
    if t_6:
        pass
        yield '(none)\n\n'
    if (undefined(name='build_only_variants') if l_0_build_only_variants is missing else l_0_build_only_variants):
        pass
        yield 'Extension variants present only under python/build/:\n'
        for l_1_line in (undefined(name='build_only_variants') if l_0_build_only_variants is missing else l_0_build_only_variants):
            _loop_vars = {}
            pass
            yield str(l_1_line)
            yield '\n'
        l_1_line = missing
        yield '\n'
    yield '\n'
    yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
    yield '\n4. NOT DISTRIBUTED: TAKEN FROM THE OPERATING SYSTEM\n'
    yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
    yield '\n\nThese are linked at run time from the operating system. Their code is not in\nthis distribution and their license texts are not reproduced here.\n\n'
    t_7 = 1
    for l_1_line in (undefined(name='system') if l_0_system is missing else l_0_system):
        _loop_vars = {}
        pass
        yield str(l_1_line)
        yield '\n'
        t_7 = 0
    l_1_line = missing
    if t_7:
        pass
        yield '  (no components)\n'
    if (undefined(name='system_libraries') if l_0_system_libraries is missing else l_0_system_libraries):
        pass
        yield '\nOther system libraries and frameworks:\n'
        for l_1_line in (undefined(name='system_libraries') if l_0_system_libraries is missing else l_0_system_libraries):
            _loop_vars = {}
            pass
            yield str(l_1_line)
            yield '\n'
        l_1_line = missing
    yield '\n'
    yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
    yield '\n5. LICENSE TEXTS NOT IN THE ARCHIVE\n'
    yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
    yield '\n\n'
    t_8 = 1
    for l_1_line in (undefined(name='missing') if l_0_missing is missing else l_0_missing):
        _loop_vars = {}
        pass
        yield str(l_1_line)
        yield '\n'
        t_8 = 0
    l_1_line = missing
    if t_8:
        pass
        yield '  (none: every referenced license file is in the archive)\n'
    if (undefined(name='unreferenced') if l_0_unreferenced is missing else l_0_unreferenced):
        pass
        yield '\nLicense files in python/licenses/ that no component in the installation\nreferences (not linked into it):\n'
        for l_1_line in (undefined(name='unreferenced') if l_0_unreferenced is missing else l_0_unreferenced):
            _loop_vars = {}
            pass
            yield str(l_1_line)
            yield '\n'
        l_1_line = missing
    if (undefined(name='authorship') if l_0_authorship is missing else l_0_authorship):
        pass
        yield '\n'
        yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
        yield '\n6. AUTHORSHIP FILES (in the archive, not reproduced here)\n'
        yield str(context.call((undefined(name='rule') if l_0_rule is missing else l_0_rule)))
        yield '\n\nThese files name the authors and contributors of a component. They are not\nlicense texts; each is in the archive at the path given.\n\n'
        for l_1_line in (undefined(name='authorship') if l_0_authorship is missing else l_0_authorship):
            _loop_vars = {}
            pass
            yield str(l_1_line)
            yield '\n'
        l_1_line = missing

blocks = {}
debug_info = '3=32&4=43&5=49&6=51&7=53&8=56&9=60&11=64&12=69&14=74&15=78&17=82&18=84&19=88&22=92&23=94&24=98&28=104&29=107&30=111&33=117&34=121&39=129&40=131&42=133&43=136&45=139&48=142&49=145&59=149&60=152&62=155&65=158&67=160&72=162&73=165&76=169&77=171&78=174&79=177&90=186&92=188&94=191&95=194&101=202&103=204&105=207&106=210&112=218&114=220&116=223&117=226&122=233&124=236&125=239&130=244&132=246&137=249&138=252&142=259&145=262&146=265&150=269&152=271&154=274&155=277&159=284&163=287&164=290&167=293&169=296&171=298&176=300&177=303'
# Generated by `python -m licscan.render.jinja_env --update` from templates/NOTICE.txt.j2
# with jinja2 3.1.6: do not edit.
