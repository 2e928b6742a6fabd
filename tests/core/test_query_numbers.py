"""Numbers in query strings are read by one parser: ASCII digits, at least 1, larger ones read
as 2**31 - 1. Anything else (`²`, `١٢`, `-3`, `1_0`) is a 404 where the number names a row,
and the default where it is a page or a page size; never a 500."""

import pytest

from learnhub.core.query_args import MAX_INT, positive_int
from learnhub.org.models import Role
from tests.courses.editor_support import file_course, make_org
from tests.factories import make_member, make_unit

MALFORMED = ["²", "١٢", "-3", "0", "000", " 7", "1_0", "1e3", ""]
ODD = [*MALFORMED, "9" * 30, "9" * 5000, str(2**31)]


@pytest.mark.parametrize("text", MALFORMED)
def test_anything_but_a_plain_positive_number_is_refused(text):
    with pytest.raises(ValueError):
        positive_int(text)


def test_plain_numbers_are_read_and_larger_ones_stop_at_the_id_columns():
    assert [positive_int(text) for text in ("1", "007", str(MAX_INT))] == [1, 7, 2**31 - 1]
    assert positive_int(str(2**31)) == positive_int("9" * 5000) == MAX_INT


@pytest.mark.parametrize("text", [text for text in ODD if text])
@pytest.mark.parametrize("url", ["/manage/courses/{slug}/diff?from={n}",
                                 "/manage/courses/{slug}/diff?to={n}",
                                 "/manage/courses/{slug}/export.zip?version={n}"])
def test_version_numbers_in_urls_that_name_no_version_are_404(client, login_as, tmp_path, url,
                                                              text):
    org = make_org()
    course = file_course(tmp_path, org.branch)
    login_as(org.trainer)
    assert client.get(url.format(slug=course.slug, n=text)).status_code == 404
    assert client.get(url.format(slug=course.slug, n="1")).status_code == 200


@pytest.mark.parametrize("text", ["²", "9" * 5000, "-3"])
@pytest.mark.parametrize("url", ["/admin/members?page={n}&per_page={n}",
                                 "/admin/grants?page={n}&per_page={n}",
                                 "/admin/audit?page={n}",
                                 "/manage/courses?page={n}&per_page={n}",
                                 "/courses?page={n}",
                                 "/me/credits?year={n}"])
def test_odd_page_numbers_show_the_first_page(client, login_as, url, text):
    root = make_unit(code="ROOT")
    login_as(make_member(root, roles=(Role.ADMIN, Role.TRAINER)))
    assert client.get(url.format(n=text)).status_code == 200
