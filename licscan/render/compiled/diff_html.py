from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'diff.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_csp = resolve('csp')
    l_0_tool_version = resolve('tool_version')
    l_0_old_name = resolve('old_name')
    l_0_new_name = resolve('new_name')
    l_0_style = resolve('style')
    l_0_pairs = resolve('pairs')
    l_0_fail_on_new_license = resolve('fail_on_new_license')
    l_0_generated_text = resolve('generated_text')
    l_0_status_class = resolve('status_class')
    l_0_fails = resolve('fails')
    l_0_empty = resolve('empty')
    l_0_outcome = resolve('outcome')
    l_0_counts = resolve('counts')
    l_0_generated_iso = resolve('generated_iso')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="'
    yield escape((undefined(name='csp') if l_0_csp is missing else l_0_csp))
    yield '">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="referrer" content="no-referrer">\n<meta name="color-scheme" content="light">\n<meta name="generator" content="licscan '
    yield escape((undefined(name='tool_version') if l_0_tool_version is missing else l_0_tool_version))
    yield '">\n<title>License diff: '
    yield escape((undefined(name='old_name') if l_0_old_name is missing else l_0_old_name))
    yield ' &rarr; '
    yield escape((undefined(name='new_name') if l_0_new_name is missing else l_0_new_name))
    yield '</title>\n<style>'
    yield escape((undefined(name='style') if l_0_style is missing else l_0_style))
    yield '</style>\n</head>\n<body>\n<header class="page-header">\n  <p class="eyebrow">License diff &middot; python-build-standalone distributions</p>\n  <h1><span class="side">'
    yield escape((undefined(name='old_name') if l_0_old_name is missing else l_0_old_name))
    yield '</span> <span class="arrow" aria-label="to">&rarr;</span> <span class="side">'
    yield escape((undefined(name='new_name') if l_0_new_name is missing else l_0_new_name))
    yield '</span></h1>\n  <p class="subtitle">\n    <span>'
    yield escape(t_1((undefined(name='pairs') if l_0_pairs is missing else l_0_pairs)))
    yield ' installation pair'
    yield escape(('s' if (t_1((undefined(name='pairs') if l_0_pairs is missing else l_0_pairs)) != 1) else ''))
    yield '</span>\n'
    if (undefined(name='fail_on_new_license') if l_0_fail_on_new_license is missing else l_0_fail_on_new_license):
        pass
        yield '<span>fails on a new license id</span>'
    yield '    <span>generated '
    yield escape((undefined(name='generated_text') if l_0_generated_text is missing else l_0_generated_text))
    yield '</span>\n  </p>\n'
    if (t_1((undefined(name='pairs') if l_0_pairs is missing else l_0_pairs)) > 1):
        pass
        yield '  <nav class="toc" aria-label="Installations">\n'
        for l_1_pair in (undefined(name='pairs') if l_0_pairs is missing else l_0_pairs):
            _loop_vars = {}
            pass
            yield '<a href="#'
            yield escape(environment.getattr(l_1_pair, 'anchor'))
            yield '">'
            yield escape(environment.getattr(l_1_pair, 'heading'))
            yield '</a>'
        l_1_pair = missing
        yield '  </nav>\n'
    yield '</header>\n<main>\n<section id="verdict" class="banner banner-'
    yield escape((undefined(name='status_class') if l_0_status_class is missing else l_0_status_class))
    yield '" role="status" aria-labelledby="diff-status">\n  <div class="banner-mark" aria-hidden="true">'
    if (undefined(name='fails') if l_0_fails is missing else l_0_fails):
        pass
        yield '&#10005;'
    else:
        pass
        yield '&#10003;'
    yield '</div>\n  <div class="banner-text">\n    <p class="banner-label">OLD &rarr; NEW</p>\n    <h2 id="diff-status" class="banner-status">'
    if (undefined(name='fails') if l_0_fails is missing else l_0_fails):
        pass
        yield 'NEW brings what OLD did not have'
    elif (undefined(name='empty') if l_0_empty is missing else l_0_empty):
        pass
        yield 'No differences'
    else:
        pass
        yield 'No new policy violation'
    yield '</h2>\n    <ul class="outcome">\n'
    for l_1_line in (undefined(name='outcome') if l_0_outcome is missing else l_0_outcome):
        _loop_vars = {}
        pass
        yield '<li>'
        yield escape(l_1_line)
        yield '</li>'
    l_1_line = missing
    yield '    </ul>\n  </div>\n  <ul class="tally">\n    <li class="tally-removed'
    yield escape((' zero' if (not environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'removed')) else ''))
    yield '"><strong>'
    yield escape(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'removed'))
    yield '</strong> removed</li>\n    <li class="tally-added'
    yield escape((' zero' if (not environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'added')) else ''))
    yield '"><strong>'
    yield escape(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'added'))
    yield '</strong> added</li>\n    <li class="tally-changed'
    yield escape((' zero' if (not environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'changed')) else ''))
    yield '"><strong>'
    yield escape(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'changed'))
    yield '</strong> changed</li>\n    <li class="tally-error'
    yield escape((' zero' if (not environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'new_violations')) else ''))
    yield '"><strong>'
    yield escape(environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'new_violations'))
    yield '</strong> new violation'
    yield escape(('s' if (environment.getattr((undefined(name='counts') if l_0_counts is missing else l_0_counts), 'new_violations') != 1) else ''))
    yield '</li>\n  </ul>\n</section>\n'
    for l_1_pair in (undefined(name='pairs') if l_0_pairs is missing else l_0_pairs):
        _loop_vars = {}
        pass
        template = environment.get_template('review/diff.html.j2', 'diff.html.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'pair': l_1_pair}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
    l_1_pair = missing
    yield '</main>\n<footer class="page-footer">\n  Generated by licscan '
    yield escape((undefined(name='tool_version') if l_0_tool_version is missing else l_0_tool_version))
    yield ' at <time datetime="'
    yield escape((undefined(name='generated_iso') if l_0_generated_iso is missing else l_0_generated_iso))
    yield '">'
    yield escape((undefined(name='generated_text') if l_0_generated_text is missing else l_0_generated_text))
    yield '</time>.\n'
    for l_1_pair in (undefined(name='pairs') if l_0_pairs is missing else l_0_pairs):
        _loop_vars = {}
        pass
        for (l_2_label, l_2_side) in (('OLD', environment.getattr(environment.getattr(l_1_pair, 'diff'), 'old')), ('NEW', environment.getattr(environment.getattr(l_1_pair, 'diff'), 'new'))):
            _loop_vars = {}
            pass
            if l_2_side:
                pass
                yield escape(l_2_label)
                yield ' '
                yield escape(environment.getattr(l_2_side, 'file_name'))
                yield ' (sha256 '
                yield escape(environment.getattr(l_2_side, 'sha256')[:12])
                yield '&hellip;); '
        l_2_label = l_2_side = missing
    l_1_pair = missing
    yield '  This page lists what changed in what the archives declare and what licscan concluded; it is not legal advice.\n</footer>\n</body>\n</html>\n'

blocks = {}
debug_info = '6=32&10=34&11=36&12=40&17=42&19=46&20=50&21=54&23=56&25=59&30=70&31=72&34=79&36=89&40=97&41=101&42=105&43=109&46=115&47=118&51=126&52=132'
# Generated by `python -m licscan.render.jinja_env --update` from templates/diff.html.j2
# with jinja2 3.1.6: do not edit.
