from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'review.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_csp = resolve('csp')
    l_0_tool_version = resolve('tool_version')
    l_0_inventory = resolve('inventory')
    l_0_style = resolve('style')
    l_0_release_text = resolve('release_text')
    l_0_findings = resolve('findings')
    l_0_component_total = resolve('component_total')
    l_0_license_texts = resolve('license_texts')
    l_0_status_class = resolve('status_class')
    l_0_verdict = resolve('verdict')
    l_0_counts = resolve('counts')
    l_0_waived = resolve('waived')
    l_0_generated_iso = resolve('generated_iso')
    l_0_generated_text = resolve('generated_text')
    l_0_script = resolve('script')
    l_0_n = l_0_m = missing
    try:
        t_1 = environment.filters['capitalize']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'capitalize' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="'
    yield escape((undefined(name='csp') if l_0_csp is missing else l_0_csp))
    yield '">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="referrer" content="no-referrer">\n<meta name="color-scheme" content="light">\n<meta name="generator" content="licscan '
    yield escape((undefined(name='tool_version') if l_0_tool_version is missing else l_0_tool_version))
    yield '">\n<title>License review: '
    yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'archive'), 'file_name'))
    yield '</title>\n<style>'
    yield escape((undefined(name='style') if l_0_style is missing else l_0_style))
    yield '</style>\n</head>\n<body>\n<header class="page-header">\n  <p class="eyebrow">License review &middot; python-build-standalone distribution</p>\n  <h1>'
    yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'archive'), 'file_name'))
    yield '</h1>\n  <p class="subtitle">\n'
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'python_version'):
        pass
        yield '<span>CPython '
        yield escape(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'python_version'))
        yield '</span>'
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'target_triple'):
        pass
        yield '<span>'
        yield escape(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'target_triple'))
        yield '</span>'
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'build_options'):
        pass
        yield '<span>'
        yield escape(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'build_options'))
        yield '</span>'
    yield '    <span>release '
    yield escape((undefined(name='release_text') if l_0_release_text is missing else l_0_release_text))
    yield '</span>\n    <span>'
    yield escape(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'flavor'))
    yield ' archive</span>\n  </p>\n'
    if environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'archive'), 'origin'):
        pass
        yield '<p class="subtitle origin">found in '
        yield escape(context.call(environment.getattr(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'archive'), 'origin'), 'describe')))
        yield '</p>'
    yield '  <nav class="toc" aria-label="Sections">\n    <a href="#findings">Findings ('
    yield escape(t_2((undefined(name='findings') if l_0_findings is missing else l_0_findings)))
    yield ')</a>\n    <a href="#components">Components ('
    yield escape((undefined(name='component_total') if l_0_component_total is missing else l_0_component_total))
    yield ')</a>\n    <a href="#license-texts">License texts ('
    yield escape(t_2((undefined(name='license_texts') if l_0_license_texts is missing else l_0_license_texts)))
    yield ')</a>\n    <a href="#distribution">Distribution</a>\n  </nav>\n</header>\n<main>\n<section id="verdict" class="banner banner-'
    yield escape((undefined(name='status_class') if l_0_status_class is missing else l_0_status_class))
    yield '" role="status" aria-labelledby="verdict-status">\n  <div class="banner-mark" aria-hidden="true">'
    if ((undefined(name='status_class') if l_0_status_class is missing else l_0_status_class) == 'pass'):
        pass
        yield '&#10003;'
    elif ((undefined(name='status_class') if l_0_status_class is missing else l_0_status_class) == 'fail'):
        pass
        yield '&#10005;'
    else:
        pass
        yield '!'
    yield '</div>\n  <div class="banner-text">\n    <p class="banner-label">Verdict under policy <span class="policy-name">&ldquo;'
    yield escape(environment.getattr((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict), 'policy_name'))
    yield '&rdquo;</span></p>\n    <h2 id="verdict-status" class="banner-status">'
    yield escape(t_1(environment.getattr((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict), 'status')))
    yield '</h2>\n    <p class="banner-explain">\n'
    l_0_n = t_2(environment.getattr((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict), 'violations'))
    context.vars['n'] = l_0_n
    context.exported_vars.add('n')
    l_0_m = (environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'error') + environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'warning'))
    context.vars['m'] = l_0_m
    context.exported_vars.add('m')
    if ((undefined(name='status_class') if l_0_status_class is missing else l_0_status_class) == 'fail'):
        pass
        if ((undefined(name='n') if l_0_n is missing else l_0_n) == 1):
            pass
            yield '1 finding violates the policy. Fix it, or waive it in the policy with a reason.\n'
        else:
            pass
            yield escape((undefined(name='n') if l_0_n is missing else l_0_n))
            yield ' findings violate the policy. Fix them, or waive them in the policy with a reason.'
    elif ((undefined(name='status_class') if l_0_status_class is missing else l_0_status_class) == 'review'):
        pass
        yield '      No policy violations, but '
        if ((undefined(name='m') if l_0_m is missing else l_0_m) == 1):
            pass
            yield '1 finding needs'
        else:
            pass
            yield escape((undefined(name='m') if l_0_m is missing else l_0_m))
            yield ' findings need'
        yield ' a reviewer&rsquo;s judgement.\n'
    else:
        pass
        yield '      No policy violations and nothing left to review.\n'
    if environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'partial'):
        pass
        yield ' The inventory is partial: this archive carries no license metadata.'
    yield '    </p>\n'
    if environment.getattr((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict), 'expired_waivers'):
        pass
        yield '    <p class="banner-expired"><strong>Expired waivers:</strong>\n'
        l_1_loop = missing
        for l_1_w, l_1_loop in LoopContext(environment.getattr((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict), 'expired_waivers'), undefined):
            _loop_vars = {}
            pass
            yield escape(environment.getattr(l_1_w, 'finding'))
            yield ' for '
            yield escape(environment.getattr(l_1_w, 'component'))
            yield ' (expired '
            yield escape(environment.getattr(l_1_w, 'expires'))
            yield ')'
            yield escape(('; ' if (not environment.getattr(l_1_loop, 'last')) else ''))
        l_1_loop = l_1_w = missing
        yield '    </p>\n'
    yield '  </div>\n  <ul class="tally">\n    <li class="tally-error'
    yield escape((' zero' if (not environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'error')) else ''))
    yield '"><strong>'
    yield escape(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'error'))
    yield '</strong> error'
    yield escape(('s' if (environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'error') != 1) else ''))
    yield '</li>\n    <li class="tally-warning'
    yield escape((' zero' if (not environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'warning')) else ''))
    yield '"><strong>'
    yield escape(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'warning'))
    yield '</strong> warning'
    yield escape(('s' if (environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'warning') != 1) else ''))
    yield '</li>\n    <li class="tally-info'
    yield escape((' zero' if (not environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'info')) else ''))
    yield '"><strong>'
    yield escape(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'info'))
    yield '</strong> note'
    yield escape(('s' if (environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'info') != 1) else ''))
    yield '</li>\n    <li class="tally-waived'
    yield escape((' zero' if (not (undefined(name='waived') if l_0_waived is missing else l_0_waived)) else ''))
    yield '"><strong>'
    yield escape((undefined(name='waived') if l_0_waived is missing else l_0_waived))
    yield '</strong> waived</li>\n  </ul>\n</section>\n'
    template = environment.get_template('review/findings.html.j2', 'review.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'m': l_0_m, 'n': l_0_n}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('review/components.html.j2', 'review.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'m': l_0_m, 'n': l_0_n}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('review/licenses.html.j2', 'review.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'m': l_0_m, 'n': l_0_n}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    template = environment.get_template('review/facts.html.j2', 'review.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'m': l_0_m, 'n': l_0_n}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '</main>\n<footer class="page-footer">\n  Generated by licscan '
    yield escape((undefined(name='tool_version') if l_0_tool_version is missing else l_0_tool_version))
    yield ' at <time datetime="'
    yield escape((undefined(name='generated_iso') if l_0_generated_iso is missing else l_0_generated_iso))
    yield '">'
    yield escape((undefined(name='generated_text') if l_0_generated_text is missing else l_0_generated_text))
    yield '</time>\n  from '
    yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'archive'), 'file_name'))
    yield ' (sha256 '
    yield escape(environment.getattr(environment.getattr((undefined(name='inventory') if l_0_inventory is missing else l_0_inventory), 'archive'), 'sha256')[:12])
    yield '&hellip;).\n  This report lists what the archive declares and what licscan concluded; it is not legal advice.\n</footer>\n<script>'
    yield escape((undefined(name='script') if l_0_script is missing else l_0_script))
    yield '</script>\n</body>\n</html>\n'

blocks = {}
debug_info = '6=40&10=42&11=44&12=46&17=48&19=50&20=55&21=60&22=66&23=68&25=70&27=76&28=78&29=80&34=82&35=84&37=94&38=96&40=98&41=101&42=104&43=106&44=111&45=113&46=116&50=127&52=131&54=135&59=148&60=154&61=160&62=166&65=170&66=176&67=182&68=188&71=195&72=201&75=205'
# Generated by `python -m licscan.render.jinja_env --update` from templates/review.html.j2
# with jinja2 3.1.6: do not edit.
