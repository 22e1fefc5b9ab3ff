from conftest import besides_review

from builder import load_article, load_settings


def test_seed_article_loads_without_warnings(project):
    article = load_article(project.articles()[0], project=project, settings=load_settings(project))
    assert besides_review(article.findings) == ()
    assert article.document.metadata.title == "Mesenchymal Stem Cells in the Treatment of ALS"
    assert [s.id for s in article.document.sections][:2] == ["what-is-als", "how-als-affects-the-body"]
