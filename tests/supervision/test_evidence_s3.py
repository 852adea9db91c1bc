"""Evidence on an S3-compatible store: a real S3 API server (moto's server mode, on a free
port of 127.0.0.1) that boto3 talks HTTP to, through django-storages, exactly as production
talks to MinIO or a cloud bucket. Nothing of boto is mocked."""

import json
import os
import socket
import subprocess
import sys

import boto3
import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from supervision.models import Evidence
from tests.api.cases import client_for

from . import files
from .makers import make_blocker

pytestmark = pytest.mark.usefixtures("frozen_today")

BUCKET = "zonetrack-evidence"
CREDENTIALS = {"aws_access_key_id": "zonetrack", "aws_secret_access_key": "zonetrack-secret"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """A moto S3 server on 127.0.0.1, for this module's tests. moto is a pinned dev
    requirement, so the server always runs (in CI too): no skip."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """An empty bucket, and STORAGES["evidence"] pointed at it as the environment would."""
    # Requests to the local server never go through a proxy the machine may set.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **django_settings.STORAGES,
        "evidence": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "location": "evidence",
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def evidence_storage_setting(**env):
    """``STORAGES["evidence"]`` as a fresh process builds it from ``env``."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['evidence'], default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "EVIDENCE_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_embedded_default_is_a_local_folder_and_a_bucket_selects_s3():
    local = evidence_storage_setting(EVIDENCE_ROOT="/srv/zonetrack/evidence")
    assert local["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert local["OPTIONS"]["location"] == "/srv/zonetrack/evidence"
    s3 = evidence_storage_setting(
        EVIDENCE_S3_BUCKET="zt-files",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_ACCESS_KEY_ID="id",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "zt-files",
        "http://127.0.0.1:9000",
    )
    assert (options["access_key"], options["secret_key"]) == ("id", "secret")
    assert (options["default_acl"], options["location"]) == ("private", "evidence")


def test_upload_thumbnail_download_and_delete_on_s3(
    bucket, client, alice, bob, zone_a, django_capture_on_commit_callbacks
):
    blocker = make_blocker(zone_a)
    photo = files.jpeg(size=(1200, 900))
    response = client_for(alice).post(
        "/api/evidence/",
        {"file": _upload("现场照片.jpg", photo), "blocker": blocker.pk},
        format="multipart",
    )
    assert response.status_code == 201, response.data
    evidence = Evidence.objects.get()
    # The file and its thumbnail are objects of the bucket, under random names.
    assert keys(bucket) == sorted(
        [f"evidence/{evidence.file.name}", f"evidence/{evidence.thumbnail.name}"]
    )
    assert "现场" not in evidence.file.name
    stored = bucket.get_object(Bucket=BUCKET, Key=f"evidence/{evidence.file.name}")
    assert stored["Body"].read() == photo
    # Private objects: anonymous access to the bucket is refused.
    acl = bucket.get_object_acl(Bucket=BUCKET, Key=f"evidence/{evidence.file.name}")
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in acl["Grants"])

    # Downloads stream from the bucket through the zone-checked view (no redirect).
    client.force_login(alice)
    download = client.get(reverse("supervision:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/jpeg"
    assert b"".join(download.streaming_content) == photo
    thumbnail = client.get(reverse("supervision:evidence_thumbnail", args=[evidence.pk]))
    assert thumbnail.status_code == 200
    assert b"".join(thumbnail.streaming_content)[:3] == b"\xff\xd8\xff"
    client.force_login(bob)
    assert (
        client.get(reverse("supervision:evidence_download", args=[evidence.pk])).status_code == 404
    )

    # A refused file leaves no object behind.
    refused = client_for(alice).post(
        "/api/evidence/",
        {"file": _upload("照片.jpg", files.pdf()), "blocker": blocker.pk},
        format="multipart",
    )
    assert refused.status_code == 400
    assert len(keys(bucket)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(alice).delete(f"/api/evidence/{evidence.pk}/").status_code == 204
    assert keys(bucket) == []


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
