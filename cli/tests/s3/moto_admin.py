"""What the S3 remote test needs done to its moto server by an independent S3 client (boto3).

    setup ENDPOINT BUCKET                  -> prints "ACCESS_KEY SECRET_KEY"
        creates an IAM user allowed s3:*, its access key and the bucket, then switches moto's
        request authentication on: from then on every request must carry a valid SigV4 signature
        of a known key (moto recomputes it with botocore), as on AWS.
    put ENDPOINT BUCKET KEY FILE AK SK     -> overwrites KEY with FILE's bytes (a plain PutObject)
    get ENDPOINT BUCKET KEY AK SK          -> KEY's bytes on stdout
"""
import json
import sys
import urllib.request

import boto3
from botocore.config import Config


def client(service, endpoint, ak="admin", sk="admin"):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=ak,
        aws_secret_access_key=sk,
        config=Config(s3={"addressing_style": "path"}),
    )


def setup(endpoint, bucket):
    iam = client("iam", endpoint)
    iam.create_user(UserName="hearth")
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    iam.put_user_policy(UserName="hearth", PolicyName="s3", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="hearth")["AccessKey"]
    client("s3", endpoint).create_bucket(Bucket=bucket)
    req = urllib.request.Request(
        f"{endpoint}/moto-api/reset-auth", data=b"0", method="POST", headers={"content-type": "text/plain"}
    )
    urllib.request.urlopen(req).read()
    print(key["AccessKeyId"], key["SecretAccessKey"])


def main(argv):
    cmd, endpoint, bucket = argv[1], argv[2], argv[3]
    if cmd == "setup":
        setup(endpoint, bucket)
    elif cmd == "put":
        key, path, ak, sk = argv[4:8]
        with open(path, "rb") as f:
            client("s3", endpoint, ak, sk).put_object(Bucket=bucket, Key=key, Body=f.read())
    elif cmd == "get":
        key, ak, sk = argv[4:7]
        body = client("s3", endpoint, ak, sk).get_object(Bucket=bucket, Key=key)["Body"].read()
        sys.stdout.buffer.write(body)
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv)
