"""The endpoint bridge for an older botocore: a client made without an endpoint of its own goes to
``AWS_ENDPOINT_URL_<SERVICE>``, else ``AWS_ENDPOINT_URL``, as botocore 1.31.57 and later do themselves;
an explicit endpoint and a newer botocore are left alone."""

import os
import sys
import types
import unittest
from unittest import mock

from runtime_clients import BOOTSTRAP, load

bootstrap = load(BOOTSTRAP, "lamina_bootstrap_sdk")


def fake_botocore(version):
    """A ``botocore`` package of ``version`` whose ``Session.create_client`` returns what it was given."""
    package = types.ModuleType("botocore")
    package.__version__ = version
    session = types.ModuleType("botocore.session")

    class Session:
        def create_client(self, service_name, region_name=None, api_version=None, use_ssl=True,
                          verify=None, endpoint_url=None, **rest):
            return service_name, endpoint_url

    session.Session = Session
    return package, session


class EndpointBridgeTest(unittest.TestCase):
    def bridged(self, version):
        package, session = fake_botocore(version)
        with mock.patch.dict(sys.modules, {"botocore": package}):
            bootstrap._bridge_endpoint_url(session)
        return session.Session()

    def test_an_older_botocore_reads_the_endpoint_variables(self):
        env = {"AWS_ENDPOINT_URL": "http://10.200.0.1:9701", "AWS_ENDPOINT_URL_S3": "http://s3.example"}
        with mock.patch.dict(os.environ, env):
            session = self.bridged("1.29.27")
            self.assertEqual(("lambda", "http://10.200.0.1:9701"), session.create_client("lambda"))
            self.assertEqual(("s3", "http://s3.example"), session.create_client("s3"))
            self.assertEqual(("sqs", "http://own"), session.create_client("sqs", endpoint_url="http://own"))
            self.assertEqual(
                ("sqs", "http://own"), session.create_client("sqs", "us-east-1", None, True, None, "http://own"))

    def test_a_newer_botocore_is_left_alone(self):
        with mock.patch.dict(os.environ, {"AWS_ENDPOINT_URL": "http://10.200.0.1:9701"}):
            self.assertEqual(("lambda", None), self.bridged("1.31.57").create_client("lambda"))


if __name__ == "__main__":
    unittest.main()
