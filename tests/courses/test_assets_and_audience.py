"""Asset bytes in chunks with byte ranges; who a course is required for."""

import pytest

from learnhub.authoring import asset_store
from learnhub.authoring.asset_store import (
    AssetChanged,
    AssetSource,
    blob_bytes,
    iter_blob_bytes,
    store_blob,
)
from learnhub.courses.assignments.audience import is_required, unit_paths
from learnhub.courses.publishing.services import course_by_slug, sync
from learnhub.courses.study.asset_serving import find_course_asset
from learnhub.org.models import Role
from tests.courses.builders import PNG, write_course
from tests.factories import make_member, make_unit

DATA = bytes(range(256)) * 4  # 1024 bytes


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(asset_store, "CHUNK_SIZE", 100)


def test_bytes_are_stored_in_chunks_and_read_back_whole(small_chunks):
    blob = store_blob(AssetSource.from_bytes("files/a.pdf", DATA, "application/pdf"))
    assert blob.size == 1024
    assert blob_bytes(blob) == DATA


@pytest.mark.parametrize("start,end", [(0, 1), (99, 101), (150, 950), (1000, 1024), (0, 5000)])
def test_byte_ranges_read_only_what_is_asked(small_chunks, start, end):
    blob = store_blob(AssetSource.from_bytes("v.mp4", DATA, "video/mp4"))
    assert b"".join(iter_blob_bytes(blob, start, end)) == DATA[start:end]


def test_the_same_bytes_are_stored_once(small_chunks):
    first = store_blob(AssetSource.from_bytes("a.png", DATA, "image/png"))
    second = store_blob(AssetSource.from_bytes("b/c.png", DATA, "image/png"))
    assert first.id == second.id


def test_bytes_that_changed_while_reading_are_refused():
    source = AssetSource.from_bytes("a.png", DATA, "image/png")
    changed = AssetSource(path="a.png", sha256=source.sha256, size=source.size,
                          media_type="image/png", open_chunks=lambda: iter([b"other"]))
    with pytest.raises(AssetChanged):
        store_blob(changed)


def test_asset_url_hash_finds_the_course_asset(tmp_path):
    write_course(tmp_path)
    sync(tmp_path)
    course = course_by_slug("party-rules")
    source = AssetSource.from_bytes("x", PNG, "image/png")
    found = find_course_asset(course.id, source.sha256)
    assert found.path == "images/chart.png" and found.is_image
    assert find_course_asset(course.id, "0" * 64) is None


def required(audience, member, roles=(), owner_path=None):
    return is_required(audience, member, roles=roles,
                       paths_by_code=unit_paths(audience.get("required", {}).get("units", [])),
                       owner_path=owner_path)


def test_political_status_makes_a_course_required():
    audience = {"required": {"political_status": ["中共党员"]}}
    assert required(audience, make_member(political_status="中共党员"))
    assert not required(audience, make_member(political_status="群众"))


def test_cadre_level_and_role_make_a_course_required():
    audience = {"required": {"cadre_level": ["中层正职"], "roles": ["manager"]}}
    assert required(audience, make_member(political_status="群众", cadre_level="中层正职"))
    assert required(audience, make_member(political_status="群众"), roles=[Role.MANAGER.value])
    assert not required(audience, make_member(political_status="群众"), roles=["trainer"])


def test_a_unit_covers_its_subtree():
    root = make_unit(code="GB77")
    branch = make_unit(root)
    other = make_unit()
    audience = {"required": {"units": ["GB77"]}}
    assert required(audience, make_member(branch, political_status="群众"))
    assert not required(audience, make_member(other, political_status="群众"))


def test_every_criterion_reaches_only_inside_the_owner_units_subtree():
    owner = make_unit()
    inside, outside = make_unit(owner), make_unit()
    audience = {"required": {"political_status": ["中共党员"], "cadre_level": ["中层正职"],
                             "roles": ["manager"], "units": [outside.code]}}
    member_in = make_member(inside, political_status="中共党员")
    member_out = make_member(outside, political_status="中共党员", cadre_level="中层正职")
    assert required(audience, member_in, owner_path=owner.path)
    assert not required(audience, member_out, roles=["manager"], owner_path=owner.path)
    assert required(audience, member_out, owner_path=None)  # no owner unit: no bound


def test_no_audience_means_elective_for_everyone():
    assert not required({}, make_member())
