"""Values given for inputs that nothing declares: ``--var``, ``--var-file`` entries, ``--parameter`` and
``--parameters-file`` entries.

Terraform refuses a ``-var`` for an undeclared variable and warns about a var-file entry; CloudFormation
refuses an undeclared parameter. costlint reads several projects at once with one set of options, so a
value counts as undeclared only when no project of its language declares it (Terraform's rule applied
to the run, not to each root module).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from costlint.readers import ReadOptions, read_paths
from test_terraform_support import write

APP = 'variable "size" {\n  default = "t3.micro"\n}\nresource "aws_instance" "x" {\n  instance_type = var.size\n}\n'
DB = 'variable "engine" {\n  default = "mysql"\n}\nresource "aws_db_instance" "d" {\n  engine = var.engine\n}\n'
TEMPLATE = (
    "Parameters:\n  Env:\n    Type: String\n    Default: dev\n"
    "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Env\n"
)


def _run(root: Path, paths: list[str], **options: object) -> list[str]:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        projects, diagnostics = read_paths(paths, ReadOptions(environ={}, **options), cwd=root)  # type: ignore[arg-type]
    finally:
        os.chdir(cwd)
    return [str(d) for d in diagnostics + [d for p in projects for d in p.diagnostics]]


def test_undeclared_var_is_an_error_unless_some_project_declares_it(tmp_path: Path) -> None:
    write(tmp_path, {"app/main.tf": APP, "db/main.tf": DB})
    assert _run(tmp_path, ["app", "db"], variables=(("size", "m5.large"), ("engine", "postgres"))) == []
    assert _run(tmp_path, ["app", "db"], variables=(("sise", "m5.large"),)) == [
        '--var:1: error: value for undeclared variable "sise" (no Terraform project read declares it)'
    ]
    # Declared by one project of two: not an error for the run.
    assert _run(tmp_path, ["app", "db"], variables=(("engine", "postgres"),)) == []


def test_undeclared_var_file_entry_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, {"app/main.tf": APP, "db/main.tf": DB, "all.tfvars": 'size = "m5.large"\nengine = "x"\nzone = 1\n'})
    assert _run(tmp_path, ["app", "db"], var_files=("all.tfvars",)) == [
        'all.tfvars:3: warning: value for undeclared variable "zone" (no Terraform project read declares it)'
    ]


def test_undeclared_parameter_is_an_error_and_a_parameters_file_entry_a_warning(tmp_path: Path) -> None:
    write(tmp_path, {"q.yaml": TEMPLATE, "params.json": '{"Env": "prod", "Stage": "x"}'})
    assert _run(tmp_path, ["q.yaml"], parameters=(("Env", "prod"),)) == []
    assert _run(tmp_path, ["q.yaml"], parameters=(("Nope", "1"),)) == [
        '--parameter:1: error: value for undeclared parameter "Nope" (no CloudFormation template read declares it)'
    ]
    assert _run(tmp_path, ["q.yaml"], parameters_file="params.json") == [
        'params.json:1: warning: value for undeclared parameter "Stage" (no CloudFormation template read declares it)'
    ]


def test_a_project_that_failed_to_parse_may_declare_anything(tmp_path: Path) -> None:
    write(tmp_path, {"app/main.tf": APP, "app/broken.tf": 'variable "x" {\n'})
    assert _run(tmp_path, ["app"], variables=(("x", "1"),)) == [
        "app/broken.tf:1: error: unexpected end of file: '{' is not closed"
    ]


def test_exit_code_of_an_undeclared_var(tmp_path: Path) -> None:
    write(tmp_path, {"app/main.tf": APP})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "AWS_"))}
    result = subprocess.run(
        [sys.executable, "-m", "costlint", "resources", "app", "--var", "typo=1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        '--var:1: error: value for undeclared variable "typo" (no Terraform project read declares it)'
    ]
    assert "aws_instance.x" in result.stdout
